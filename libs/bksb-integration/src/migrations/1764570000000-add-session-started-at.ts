import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** When an unfinished initial assessment began, for the fast lane's 2-minute checks. */
export class AddSessionStartedAt1764570000000 implements MigrationInterface {
  name = 'AddSessionStartedAt1764570000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('bksb_session_checks', new TableColumn({ name: 'started_at', type: 'varchar', length: '24', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('bksb_session_checks', 'started_at');
  }
}
