import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BksbSyncCron } from '../../libs/bksb-integration/src/sync/bksb-sync.cron';
import { startBksbFixture } from '../support/bksb-fixture';
import { eventually } from '../support/eventually';

describe('a sync run when its instance stops', () => {
  it('is handed back at shutdown and finished by another instance, counting each person once', async () => {
    const f = await startBksbFixture();
    for (let i = 0; i < 12; i += 1) {
      const user = f.sandbox.createUser({ username: `handover-${randomUUID().slice(0, 8)}` });
      const id = await f.person('learners', { firstName: 'Hand', lastName: `Over ${i}` });
      await f.as('staff').put(`/api/integrations/bksb/learners/${id}/account`, { username: user.username }).expect(200);
    }
    f.sandbox.reset();
    f.sandbox.setLatency({ fixedMs: 60 });
    const { runId } = (await f.as('staff').post('/api/integrations/bksb/sync').expect(202)).body as { runId: string };
    await eventually('the run to be calling bksb', () => f.sandbox.metrics().inFlight > 0);
    await f.testApp.app.close();

    const second = await f.anotherInstance();
    try {
      const handedBack = (await second.app.get(DataSource).query(`SELECT status, owner, lease_expires_at FROM bksb_sync_runs WHERE id = '${runId}'`))[0];
      expect(handedBack.status).toBe('running');
      expect(new Date(handedBack.lease_expires_at).getTime()).toBeLessThanOrEqual(Date.now());
      await second.app.get(BksbSyncCron, { strict: false }).tick();
      const run = await eventually('the run to be finished by the second instance', async () => {
        const [row] = (await second.app.get(DataSource).query(
          `SELECT status, people_checked, api_calls, failure_count FROM bksb_sync_runs WHERE id = '${runId}'`,
        )) as Array<{ status: string; people_checked: number; api_calls: number; failure_count: number }>;
        return row.status !== 'running' && row;
      });
      expect(run.status).toBe('succeeded');
      expect(Number(run.people_checked)).toBe(12);
      expect(Number(run.failure_count)).toBe(0);
      // Nothing new: one results call per person, each made once, by one instance or the other,
      // and the sessions of English and Maths (no result yet) looked up once each.
      expect(f.sandbox.metrics().calls.initialResults).toBe(12);
      expect(f.sandbox.metrics().calls.sessions).toBe(24);
      expect(Number(run.api_calls)).toBe(36);
    } finally {
      await second.close();
      await f.sandbox.close();
      await f.testApp.database.drop();
    }
  });
});
