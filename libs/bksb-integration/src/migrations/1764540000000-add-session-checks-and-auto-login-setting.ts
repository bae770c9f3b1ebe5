import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

export class AddSessionChecksAndAutoLoginSetting1764540000000 implements MigrationInterface {
  name = 'AddSessionChecksAndAutoLoginSetting1764540000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'bksb_session_checks',
        columns: [
          { name: 'person_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'subject', type: 'varchar', length: '10', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'bksb_user_id', type: 'integer' },
          { name: 'state', type: 'varchar', length: '12' },
          { name: 'changed_at', type: 'varchar', length: '24' },
        ],
      }),
    );
    // Existing rows need a value: off, as for new organisations. Each database writes false its own way.
    const off = queryRunner.connection.options.type === 'postgres' ? 'false' : '0';
    await queryRunner.addColumn('bksb_settings', new TableColumn({ name: 'include_auto_login_link', type: 'boolean', default: off }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('bksb_settings', 'include_auto_login_link');
    await queryRunner.dropTable('bksb_session_checks');
  }
}
