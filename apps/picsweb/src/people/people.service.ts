import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  CandidatePage,
  Clock,
  DirectoryPerson,
  EligibleFilter,
  EligiblePage,
  Page,
  PeopleDirectory,
  PersonType,
  pageWindow,
  TagRef,
  TransactionRunner,
} from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { TagsService } from '../tags/tags.service';
import { CreateApplicantDto, CreateLearnerDto, PeopleQueryDto, UpdateApplicantDto, UpdateLearnerDto } from './dto/person.dto';
import { eligibilityOf, whereEligible } from './eligibility';
import { Person } from './person.entity';

export type CreatePersonInput = CreateLearnerDto | CreateApplicantDto;
export type UpdatePersonInput = UpdateLearnerDto | UpdateApplicantDto;

/** The fields each type shows, after the shared ones. */
const TYPE_FIELDS = {
  learner: ['learningStatus', 'startDate', 'endDate'],
  applicant: ['applicationStatus', 'closedOn'],
} as const satisfies Record<PersonType, ReadonlyArray<keyof Person>>;

export type PersonView = Pick<Person, 'id' | 'firstName' | 'lastName' | 'email' | 'dateOfBirth' | 'systemStatus'> &
  Partial<Pick<Person, 'learningStatus' | 'startDate' | 'endDate' | 'applicationStatus' | 'closedOn'>> & { tags: TagRef[] };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Learners and applicants of an organisation; the host's implementation of the people directory port. */
@Injectable()
export class PeopleService implements PeopleDirectory {
  constructor(
    @InjectRepository(Person) private readonly people: Repository<Person>,
    private readonly tags: TagsService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async list(organisationId: string, type: PersonType, query: PeopleQueryDto): Promise<Page<PersonView>> {
    const { page, pageSize, skip } = pageWindow(query);
    const builder = this.people
      .createQueryBuilder('person')
      .where('person.organisation_id = :organisationId AND person.person_type = :type', { organisationId, type });
    const search = query.search?.trim().toLowerCase();
    if (search) {
      const pattern = `%${escapeLike(search)}%`;
      builder.andWhere(
        new Brackets((q) =>
          q
            .where("LOWER(person.first_name) LIKE :pattern ESCAPE '\\'", { pattern })
            .orWhere("LOWER(person.last_name) LIKE :pattern ESCAPE '\\'")
            .orWhere("LOWER(person.first_name || ' ' || person.last_name) LIKE :pattern ESCAPE '\\'")
            .orWhere("LOWER(COALESCE(person.email, '')) LIKE :pattern ESCAPE '\\'"),
        ),
      );
    }
    const [rows, total] = await builder
      .orderBy('person.last_name', 'ASC')
      .addOrderBy('person.first_name', 'ASC')
      .addOrderBy('person.id', 'ASC')
      .skip(skip)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.views(organisationId, rows), total, page, pageSize };
  }

  async get(organisationId: string, type: PersonType, id: string): Promise<PersonView> {
    const [view] = await this.views(organisationId, [await this.getOrThrow(organisationId, type, id)]);
    return view;
  }

  async create(organisationId: string, type: PersonType, input: CreatePersonInput): Promise<PersonView> {
    const now = this.clock.now();
    const person: Person = {
      id: randomUUID(),
      organisationId,
      type,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email ?? null,
      dateOfBirth: input.dateOfBirth ?? null,
      systemStatus: input.systemStatus ?? 'Live',
      learningStatus: type === 'learner' ? ((input as CreateLearnerDto).learningStatus ?? 'InLearning') : null,
      startDate: (input as CreateLearnerDto).startDate ?? null,
      endDate: (input as CreateLearnerDto).endDate ?? null,
      applicationStatus: type === 'applicant' ? ((input as CreateApplicantDto).applicationStatus ?? 'Open') : null,
      closedOn: (input as CreateApplicantDto).closedOn ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.transactions.run((manager) => manager.insert(Person, person));
    return { ...this.view(person), tags: [] };
  }

  async update(organisationId: string, type: PersonType, id: string, input: UpdatePersonInput): Promise<PersonView> {
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    await this.transactions.run(async (manager) => {
      const result = await manager.update(Person, { organisationId, type, id }, { ...changes, updatedAt: this.clock.now() });
      if (!result.affected) throw this.notFound(type, id);
    });
    return this.get(organisationId, type, id);
  }

  async addTag(organisationId: string, type: PersonType, id: string, tagId: string): Promise<PersonView> {
    await this.getOrThrow(organisationId, type, id);
    await this.tags.getOrThrow(organisationId, tagId);
    await this.tags.applyTags(organisationId, [{ type, personId: id, tagIds: [tagId] }]);
    return this.get(organisationId, type, id);
  }

  async removeTag(organisationId: string, type: PersonType, id: string, tagId: string): Promise<void> {
    await this.getOrThrow(organisationId, type, id);
    await this.tags.getOrThrow(organisationId, tagId);
    await this.tags.removeTag(organisationId, id, tagId);
  }

  async getPerson(organisationId: string, type: PersonType, id: string, windowStart: string): Promise<DirectoryPerson | null> {
    const person = await this.people.findOneBy({ organisationId, type, id });
    return person ? this.directoryPerson(person, windowStart) : null;
  }

  async pageSyncCandidates(organisationId: string, windowStart: string, page: CandidatePage): Promise<DirectoryPerson[]> {
    const builder = this.eligible(organisationId, windowStart, page);
    if (page.afterId) builder.andWhere('person.id > :afterId', { afterId: page.afterId });
    const rows = await builder.orderBy('person.id', 'ASC').take(page.limit).getMany();
    return rows.map((person) => this.directoryPerson(person, windowStart));
  }

  async pageEligible(organisationId: string, windowStart: string, page: EligiblePage): Promise<{ items: DirectoryPerson[]; total: number }> {
    const builder = this.eligible(organisationId, windowStart, page);
    if (page.orderBy) builder.orderBy(page.orderBy('person.id'), 'ASC');
    const [rows, total] = await builder
      .addOrderBy('person.last_name', 'ASC')
      .addOrderBy('person.first_name', 'ASC')
      .addOrderBy('person.id', 'ASC')
      .skip(page.skip)
      .take(page.take)
      .getManyAndCount();
    return { items: rows.map((person) => this.directoryPerson(person, windowStart)), total };
  }

  /** The organisation's eligible people the filter keeps, as a query to page. */
  private eligible(organisationId: string, windowStart: string, filter: EligibleFilter): SelectQueryBuilder<Person> {
    const builder = this.people.createQueryBuilder('person').where('person.organisation_id = :organisationId', { organisationId });
    whereEligible(builder, windowStart);
    if (filter.where) builder.andWhere(filter.where('person.id'));
    if (filter.type) builder.andWhere('person.person_type = :type', { type: filter.type });
    return builder;
  }

  private directoryPerson(person: Person, windowStart: string): DirectoryPerson {
    const { eligible, notEligibleBecause } = eligibilityOf(person, windowStart);
    return {
      type: person.type,
      id: person.id,
      organisationId: person.organisationId,
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      dateOfBirth: person.dateOfBirth,
      eligibleForSync: eligible,
      notEligibleBecause,
    };
  }

  private async getOrThrow(organisationId: string, type: PersonType, id: string): Promise<Person> {
    const person = await this.people.findOneBy({ organisationId, type, id });
    if (!person) throw this.notFound(type, id);
    return person;
  }

  private notFound(type: PersonType, id: string): NotFoundException {
    return new NotFoundException(`No ${type} with id ${id}.`);
  }

  private view(person: Person): Omit<PersonView, 'tags'> {
    const shared = {
      id: person.id,
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      dateOfBirth: person.dateOfBirth,
      systemStatus: person.systemStatus,
    };
    return { ...shared, ...Object.fromEntries(TYPE_FIELDS[person.type].map((field) => [field, person[field]])) };
  }

  private async views(organisationId: string, people: Person[]): Promise<PersonView[]> {
    const tags = await this.tags.tagsOf(organisationId, people.map((p) => p.id));
    return people.map((person) => ({ ...this.view(person), tags: tags.get(person.id) ?? [] }));
  }
}
