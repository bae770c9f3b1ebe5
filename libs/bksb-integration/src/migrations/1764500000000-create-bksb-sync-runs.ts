import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreateBksbSyncRuns1764500000000 implements MigrationInterface {
  name = 'CreateBksbSyncRuns1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'bksb_sync_runs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'trigger', type: 'varchar', length: '10' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'started_at', type: 'varchar', length: '24' },
          { name: 'finished_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'running_key', type: 'varchar', length: '36' },
          { name: 'tick_key', type: 'varchar', length: '50' },
          { name: 'owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'lease_expires_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'people_checked', type: 'integer' },
          { name: 'results_imported', type: 'integer' },
          { name: 'tags_applied', type: 'integer' },
          { name: 'api_calls', type: 'integer' },
          { name: 'failure_count', type: 'integer' },
          { name: 'failures', type: 'text' },
          { name: 'message', type: 'varchar', length: '500', isNullable: true },
        ],
        indices: [
          { name: 'ix_bksb_sync_runs_organisation_started', columnNames: ['organisation_id', 'started_at'] },
          { name: 'uq_bksb_sync_runs_tick', columnNames: ['organisation_id', 'tick_key'], isUnique: true },
          { name: 'uq_bksb_sync_runs_running', columnNames: ['running_key'], isUnique: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('bksb_sync_runs');
  }
}
