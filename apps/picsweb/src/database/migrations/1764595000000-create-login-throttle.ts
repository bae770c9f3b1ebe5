import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * The sign-in throttle's counts on PostgreSQL, where every instance sees them: the table
 * of rate-limiter-flexible's RateLimiterPostgres, its columns in its order (it inserts
 * by position). The embedded database is one process, which counts in memory.
 */
export class CreateLoginThrottle1764595000000 implements MigrationInterface {
  name = 'CreateLoginThrottle1764595000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.createTable(
      new Table({
        name: 'login_throttle',
        columns: [
          { name: 'key', type: 'varchar', length: '255', isPrimary: true },
          { name: 'points', type: 'integer', default: 0 },
          // Epoch milliseconds; null never expires.
          { name: 'expire', type: 'bigint', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.dropTable('login_throttle');
  }
}
