import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreateOrganisations1764450000000 implements MigrationInterface {
  name = 'CreateOrganisations1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'organisations',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'name_key', type: 'varchar', length: '200' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        indices: [{ name: 'uq_organisations_name_key', columnNames: ['name_key'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('organisations');
  }
}
