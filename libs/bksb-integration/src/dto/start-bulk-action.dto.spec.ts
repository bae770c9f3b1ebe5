import { checkForm } from '@picsweb/common';
import { plainToInstance } from 'class-transformer';
import { BulkPersonRefDto, MAX_BULK_PEOPLE, StartBulkActionDto } from './start-bulk-action.dto';

const people = (count: number) => Array.from({ length: count }, (_, i) => ({ personType: 'learner', id: `person-${i}` }));

describe('StartBulkActionDto', () => {
  it('refuses more people than a job takes before transforming any of them', async () => {
    const tooMany = plainToInstance(StartBulkActionDto, { action: 'create', people: people(MAX_BULK_PEOPLE + 1) });
    expect(tooMany.people).toBeUndefined();
    const checked = await checkForm(StartBulkActionDto, { action: 'create', people: people(13_000) });
    expect(checked).toEqual({ ok: false, errors: [{ field: 'people', message: expect.stringContaining(`1 to ${MAX_BULK_PEOPLE} people`) }] });
  });

  it('takes up to the limit, each person checked', async () => {
    const atLimit = plainToInstance(StartBulkActionDto, { action: 'create', people: people(MAX_BULK_PEOPLE) });
    expect(atLimit.people).toHaveLength(MAX_BULK_PEOPLE);
    expect((atLimit.people as BulkPersonRefDto[]).every((person) => person instanceof BulkPersonRefDto)).toBe(true);
    expect((await checkForm(StartBulkActionDto, { action: 'create', people: people(MAX_BULK_PEOPLE) })).ok).toBe(true);
  });
});
