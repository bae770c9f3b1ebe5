import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreateUsersLicencesSystemLog1764460000000 implements MigrationInterface {
  name = 'CreateUsersLicencesSystemLog1764460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'email', type: 'varchar', length: '320' },
          { name: 'password_hash', type: 'varchar', length: '200' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'organisation_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        indices: [
          { name: 'uq_users_email', columnNames: ['email'], isUnique: true },
          { name: 'ix_users_organisation', columnNames: ['organisation_id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'organisation_licences',
        columns: [
          { name: 'organisation_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'licence', type: 'varchar', length: '40', isPrimary: true },
          { name: 'enabled', type: 'boolean' },
          { name: 'updated_at', type: 'varchar', length: '24' },
          { name: 'updated_by', type: 'varchar', length: '320' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'system_log_entries',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'at', type: 'varchar', length: '24' },
          { name: 'source', type: 'varchar', length: '40' },
          { name: 'level', type: 'varchar', length: '10' },
          { name: 'actor', type: 'varchar', length: '320', isNullable: true },
          { name: 'message', type: 'varchar', length: '2000' },
        ],
        indices: [{ name: 'ix_system_log_organisation_at', columnNames: ['organisation_id', 'at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('system_log_entries');
    await queryRunner.dropTable('organisation_licences');
    await queryRunner.dropTable('users');
  }
}
