import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Sync requests (the queue of reasons to sync), each run's scope, its count of people
 * whose link changed while checking and its total, and partial indexes that find running
 * runs and queued requests without reading finished ones (SQLite and PostgreSQL alike).
 */
export class CreateBksbSyncRequests1764580000000 implements MigrationInterface {
  name = 'CreateBksbSyncRequests1764580000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'bksb_sync_requests',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'scope', type: 'varchar', length: '12' },
          { name: 'trigger', type: 'varchar', length: '10' },
          { name: 'request_key', type: 'varchar', length: '50' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'run_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'requested_at', type: 'varchar', length: '24' },
        ],
        indices: [
          { name: 'uq_bksb_sync_requests_key', columnNames: ['organisation_id', 'request_key'], isUnique: true },
          { name: 'uq_bksb_sync_requests_manual_queued', columnNames: ['organisation_id'], isUnique: true, where: "status = 'queued' AND trigger = 'manual'" },
          { name: 'ix_bksb_sync_requests_queued', columnNames: ['organisation_id', 'requested_at'], where: "status = 'queued'" },
          { name: 'ix_bksb_sync_requests_run', columnNames: ['run_id'] },
        ],
      }),
    );
    await queryRunner.addColumns('bksb_sync_runs', [
      new TableColumn({ name: 'scope', type: 'varchar', length: '12', default: "'everyone'" }),
      new TableColumn({ name: 'changed_while_checking', type: 'integer', default: 0 }),
      new TableColumn({ name: 'total', type: 'integer', isNullable: true }),
    ]);
    await queryRunner.query(`UPDATE bksb_sync_runs SET scope = CASE trigger WHEN 'fresh' THEN 'new-accounts' WHEN 'session' THEN 'sessions' ELSE 'everyone' END`);
    await queryRunner.query(`CREATE INDEX ix_bksb_sync_runs_lease ON bksb_sync_runs (lease_expires_at) WHERE status = 'running'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_bksb_sync_runs_lease');
    for (const column of ['total', 'changed_while_checking', 'scope']) await queryRunner.dropColumn('bksb_sync_runs', column);
    await queryRunner.dropTable('bksb_sync_requests');
  }
}
