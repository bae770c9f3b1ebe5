import { entityManagerOf, PersonType, SystemClock, TagApplication, Tagging, Transaction, TransactionRunner } from '@picsweb/common';
import { DataSource } from 'typeorm';
import { BksbResult } from '../client/bksb-api.types';
import { ResultKind, Subject } from '../domain/bksb-domain';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbTagDecision } from '../entities/bksb-tag-decision.entity';
import { BKSB_ENTITIES } from '../index';
import { BksbRuntimeSettings } from './bksb-settings.service';
import { BksbTaggingService } from './bksb-tagging.service';

const settings = {
  organisationId: 'org-1',
  learnerTags: { english: ['tag-eng'], maths: ['tag-maths', 'tag-ia'], ict: [] },
  applicantTags: { english: ['tag-applicant-eng'], maths: [], ict: [] },
} as unknown as BksbRuntimeSettings;

const linkOf = (personType: PersonType, personId: string) => ({ organisationId: 'org-1', personType, personId }) as BksbAccountLink;

let sessionId = 900;
const result = (kind: ResultKind, subject: Subject | null, resultDate = '2026-10-02T12:00:00Z'): BksbResult => ({
  kind,
  sessionId: ++sessionId,
  subject,
  level: 'L1',
  score: null,
  resultText: 'Level 1',
  assessmentName: 'Initial Assessment',
  courseName: 'Functional Skills',
  courseSubject: null,
  assessmentId: null,
  resultDate: new Date(resultDate),
  raw: {},
});

describe('BksbTaggingService', () => {
  let dataSource: DataSource;
  let transactions: TransactionRunner;
  let applied: Array<{ personId: string; tagIds: string[]; inTransaction: boolean }>;
  let portCalls: number;
  let tagging: BksbTaggingService;

  beforeEach(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: BKSB_ENTITIES, synchronize: true }).initialize();
    transactions = new TransactionRunner(dataSource);
    applied = [];
    portCalls = 0;
    const port: Pick<Tagging, 'applyTags'> = {
      applyTags: async (_organisationId: string, applications: TagApplication[], transaction?: Transaction) => {
        portCalls += 1;
        const inTransaction = transaction !== undefined && entityManagerOf(transaction).queryRunner?.isTransactionActive === true;
        for (const { personId, tagIds } of applications) applied.push({ personId, tagIds, inTransaction });
        return new Map(applications.map((a) => [a.personId, a.tagIds]));
      },
    };
    tagging = new BksbTaggingService(new SystemClock(), port as Tagging);
  });

  afterEach(() => dataSource.destroy());

  const tag = async (link: BksbAccountLink, results: BksbResult[]) =>
    (await transactions.run((manager) => tagging.tagFirstResults(manager, settings, [{ link, results }]))).get(link.personId)!;

  it("applies a subject's configured tags on the first initial result, inside the import's transaction, and records the decision", async () => {
    const outcome = await tag(linkOf('learner', 'p1'), [result('initial', 'Maths'), result('diagnostic', 'English'), result('initial', null)]);
    expect(outcome).toEqual({ subjects: ['Maths'], tagsApplied: 2 });
    expect(applied).toEqual([{ personId: 'p1', tagIds: ['tag-maths', 'tag-ia'], inTransaction: true }]);
    expect(await dataSource.getRepository(BksbTagDecision).findBy({ personId: 'p1' })).toEqual([expect.objectContaining({ subject: 'Maths', tagIds: JSON.stringify(['tag-maths', 'tag-ia']) })]);
  });

  it('tags a subject once: a later initial result of it decides nothing', async () => {
    await tag(linkOf('learner', 'p1'), [result('initial', 'English')]);
    const outcome = await tag(linkOf('learner', 'p1'), [result('initial', 'English'), result('initial', 'Maths')]);
    expect(outcome.subjects).toEqual(['Maths']);
    expect(applied.map((a) => a.tagIds)).toEqual([['tag-eng'], ['tag-maths', 'tag-ia']]);
  });

  it("takes an applicant's tags from the applicant settings, and records the decision of a subject without tags", async () => {
    const outcome = await tag(linkOf('applicant', 'a1'), [result('initial', 'English'), result('initial', 'ICT')]);
    expect(outcome).toEqual({ subjects: ['English', 'ICT'], tagsApplied: 1 });
    expect(applied.map((a) => a.tagIds)).toEqual([['tag-applicant-eng']]);
    expect(await dataSource.getRepository(BksbTagDecision).countBy({ personId: 'a1' })).toBe(2);
  });

  it('tags several people with one call of the port, each by their own results and decisions', async () => {
    await tag(linkOf('learner', 'p3'), [result('initial', 'English')]);
    portCalls = 0;
    applied = [];
    const outcomes = await transactions.run((manager) =>
      tagging.tagFirstResults(manager, settings, [
        { link: linkOf('learner', 'p3'), results: [result('initial', 'English'), result('initial', 'Maths')] },
        { link: linkOf('learner', 'p4'), results: [result('initial', 'English')] },
        { link: linkOf('applicant', 'a2'), results: [] },
      ]),
    );
    expect(portCalls).toBe(1);
    expect(applied).toEqual([
      { personId: 'p3', tagIds: ['tag-maths', 'tag-ia'], inTransaction: true },
      { personId: 'p4', tagIds: ['tag-eng'], inTransaction: true },
    ]);
    expect(Object.fromEntries(outcomes)).toEqual({
      p3: { subjects: ['Maths'], tagsApplied: 2 },
      p4: { subjects: ['English'], tagsApplied: 1 },
      a2: { subjects: [], tagsApplied: 0 },
    });
  });

  it('leaves nothing behind when the import it is part of rolls back', async () => {
    await expect(
      transactions.run(async (manager) => {
        await tagging.tagFirstResults(manager, settings, [{ link: linkOf('learner', 'p2'), results: [result('initial', 'English')] }]);
        throw new Error('the import failed after tagging');
      }),
    ).rejects.toThrow('the import failed');
    expect(await dataSource.getRepository(BksbTagDecision).countBy({ personId: 'p2' })).toBe(0);
  });
});
