import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, entityManagerOf, TagApplication, TagRef, Tagging, Transaction, TransactionRunner } from '@picsweb/common';
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

  async applyTags(organisationId: string, applications: TagApplication[], transaction?: Transaction): Promise<Map<string, string[]>> {
    const work = async (tx: EntityManager) => {
      const personIds = applications.map((a) => a.personId);
      const people = new Map((await tx.find(Person, { where: { organisationId, id: In(personIds) }, select: { id: true, type: true } })).map((p) => [p.id, p.type]));
      const absent = applications.find((a) => people.get(a.personId) !== a.type);
      if (absent) throw new NotFoundException(`No ${absent.type} with id ${absent.personId}.`);
      const tagIds = [...new Set(applications.flatMap((a) => a.tagIds))];
      const own = new Set(tagIds.length ? (await tx.find(Tag, { where: { organisationId, id: In(tagIds) }, select: { id: true } })).map((tag) => tag.id) : []);
      const existing = new Set(own.size ? (await tx.find(PersonTag, { where: { personId: In(personIds) }, select: { personId: true, tagId: true } })).map((pt) => `${pt.personId}:${pt.tagId}`) : []);
      const applied = new Map(applications.map((a) => [a.personId, [...new Set(a.tagIds)].filter((id) => own.has(id) && !existing.has(`${a.personId}:${id}`))]));
      const appliedAt = this.clock.now();
      const rows = [...applied].flatMap(([personId, ids]) => ids.map((tagId) => ({ personId, tagId, organisationId, appliedAt })));
      if (rows.length) await tx.insert(PersonTag, rows);
      return applied;
    };
    return transaction ? work(entityManagerOf(transaction)) : this.transactions.run(work);
  }

  async removeTag(organisationId: string, personId: string, tagId: string): Promise<void> {
    await this.transactions.run((manager) => manager.delete(PersonTag, { organisationId, personId, tagId }));
  }
}
