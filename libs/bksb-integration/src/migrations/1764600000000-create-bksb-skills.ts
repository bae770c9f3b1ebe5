import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreateBksbSkills1764600000000 implements MigrationInterface {
  name = 'CreateBksbSkills1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'bksb_diagnostic_breakdowns',
        columns: [
          { name: 'person_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'bksb_session_id', type: 'integer', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'person_type', type: 'varchar', length: '10' },
          { name: 'subject', type: 'varchar', length: '10', isNullable: true },
          { name: 'assessment_name', type: 'varchar', length: '200' },
          { name: 'assessed_level', type: 'varchar', length: '10', isNullable: true },
          { name: 'measured_at', type: 'varchar', length: '24' },
          { name: 'fetched_at', type: 'varchar', length: '24' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'bksb_skill_components',
        columns: [
          { name: 'person_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'bksb_session_id', type: 'integer', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'measured', type: 'varchar', length: '200' },
          { name: 'level', type: 'varchar', length: '10', isNullable: true },
          { name: 'percent', type: 'real', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('bksb_skill_components');
    await queryRunner.dropTable('bksb_diagnostic_breakdowns');
  }
}
