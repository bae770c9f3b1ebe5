import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreateWebSessions1764510000000 implements MigrationInterface {
  name = 'CreateWebSessions1764510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'last_seen_at', type: 'varchar', length: '24' },
        ],
        indices: [
          { name: 'ix_sessions_user', columnNames: ['user_id'] },
          { name: 'ix_sessions_last_seen', columnNames: ['last_seen_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sessions');
  }
}
