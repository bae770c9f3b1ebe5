import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreateBksbBulkJobs1764560000000 implements MigrationInterface {
  name = 'CreateBksbBulkJobs1764560000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'bksb_bulk_jobs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'action', type: 'varchar', length: '20' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'running_key', type: 'varchar', length: '36' },
          { name: 'started_by', type: 'varchar', length: '320' },
          { name: 'started_at', type: 'varchar', length: '24' },
          { name: 'finished_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'lease_expires_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'total', type: 'integer' },
          { name: 'message', type: 'varchar', length: '500', isNullable: true },
        ],
        indices: [
          { name: 'ix_bksb_bulk_jobs_organisation_started', columnNames: ['organisation_id', 'started_at'] },
          { name: 'uq_bksb_bulk_jobs_running', columnNames: ['running_key'], isUnique: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'bksb_bulk_job_items',
        columns: [
          { name: 'job_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'person_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'position', type: 'integer' },
          { name: 'person_type', type: 'varchar', length: '10' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'outcome', type: 'varchar', length: '10', isNullable: true },
          { name: 'message', type: 'varchar', length: '500', isNullable: true },
        ],
        indices: [{ name: 'uq_bksb_bulk_job_items_position', columnNames: ['job_id', 'position'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('bksb_bulk_job_items');
    await queryRunner.dropTable('bksb_bulk_jobs');
  }
}
