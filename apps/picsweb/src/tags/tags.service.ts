import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, entityManagerOf, PersonType, TagRef, Tagging, Transaction, TransactionRunner } from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, Repository } from 'typeorm';
import { Person } from '../people/person.entity';
import { PersonTag } from './person-tag.entity';
import { Tag } from './tag.entity';

const toRef = (tag: Tag): TagRef => ({ id: tag.id, name: tag.name });

/** Tags of an organisation and tags on people; the host's implementation of the tagging port. */
@Injectable()
export class TagsService implements Tagging {
  constructor(
    @InjectRepository(Tag) private readonly tags: Repository<Tag>,
    @InjectRepository(PersonTag) private readonly personTags: Repository<PersonTag>,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async list(organisationId: string): Promise<TagRef[]> {
    return (await this.tags.find({ where: { organisationId }, order: { nameKey: 'ASC' } })).map(toRef);
  }

  async create(organisationId: string, name: string): Promise<TagRef> {
    const tag: Tag = { id: randomUUID(), organisationId, name: name.trim(), nameKey: name.trim().toLowerCase(), createdAt: this.clock.now() };
    return this.transactions.run(async (manager) => {
      if (await manager.existsBy(Tag, { organisationId, nameKey: tag.nameKey })) {
        throw new ConflictException(`A tag named "${tag.name}" already exists. Use it, or choose another name.`);
      }
      await manager.insert(Tag, tag);
      return toRef(tag);
    });
  }

  async getOrThrow(organisationId: string, tagId: string): Promise<TagRef> {
    const tag = await this.tags.findOneBy({ organisationId, id: tagId });
    if (!tag) throw new NotFoundException(`No tag with id ${tagId}.`);
    return toRef(tag);
  }

  async findTags(organisationId: string, tagIds: string[]): Promise<TagRef[]> {
    if (tagIds.length === 0) return [];
    return (await this.tags.findBy({ organisationId, id: In(tagIds) })).map(toRef);
  }

  /** Tags of each person, by person id, sorted by name. */
  async tagsOf(organisationId: string, personIds: string[]): Promise<Map<string, TagRef[]>> {
    const byPerson = new Map<string, TagRef[]>(personIds.map((id) => [id, []]));
    if (personIds.length === 0) return byPerson;
    const rows = await this.personTags
      .createQueryBuilder('pt')
      .innerJoin(Tag, 'tag', 'tag.id = pt.tag_id')
      .select(['pt.person_id AS "personId"', 'tag.id AS "id"', 'tag.name AS "name"'])
      .where('pt.organisation_id = :organisationId', { organisationId })
      .andWhere('pt.person_id IN (:...personIds)', { personIds })
      .orderBy('tag.name_key', 'ASC')
      .getRawMany<{ personId: string; id: string; name: string }>();
    for (const row of rows) byPerson.get(row.personId)?.push({ id: row.id, name: row.name });
    return byPerson;
  }

  async applyTags(organisationId: string, type: PersonType, personId: string, tagIds: string[], transaction?: Transaction): Promise<string[]> {
    const work = async (tx: EntityManager) => {
      if (!(await tx.existsBy(Person, { organisationId, type, id: personId }))) throw new NotFoundException(`No ${type} with id ${personId}.`);
      const own = tagIds.length ? await tx.findBy(Tag, { organisationId, id: In(tagIds) }) : [];
      const existing = new Set((await tx.findBy(PersonTag, { personId })).map((pt) => pt.tagId));
      const fresh = own.filter((tag) => !existing.has(tag.id));
      if (fresh.length) {
        await tx.insert(
          PersonTag,
          fresh.map((tag) => ({ personId, tagId: tag.id, organisationId, appliedAt: this.clock.now() })),
        );
      }
      return fresh.map((tag) => tag.id);
    };
    return transaction ? work(entityManagerOf(transaction)) : this.transactions.run(work);
  }

  async removeTag(organisationId: string, personId: string, tagId: string): Promise<void> {
    await this.transactions.run((manager) => manager.delete(PersonTag, { organisationId, personId, tagId }));
  }
}
