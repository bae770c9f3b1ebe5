import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreateBksbResultsAndTagDecisions1764490000000 implements MigrationInterface {
  name = 'CreateBksbResultsAndTagDecisions1764490000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'bksb_assessment_results',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'person_type', type: 'varchar', length: '10' },
          { name: 'person_id', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '10' },
          { name: 'subject', type: 'varchar', length: '10', isNullable: true },
          { name: 'level', type: 'varchar', length: '10', isNullable: true },
          { name: 'score', type: 'real', isNullable: true },
          { name: 'result_text', type: 'varchar', length: '200' },
          { name: 'assessment_name', type: 'varchar', length: '200' },
          { name: 'course_name', type: 'varchar', length: '200' },
          { name: 'result_date', type: 'varchar', length: '24' },
          { name: 'bksb_session_id', type: 'integer' },
          { name: 'imported_at', type: 'varchar', length: '24' },
        ],
        indices: [
          { name: 'uq_bksb_results_session', columnNames: ['organisation_id', 'person_id', 'kind', 'bksb_session_id'], isUnique: true },
          { name: 'ix_bksb_results_person_date', columnNames: ['person_id', 'result_date'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'bksb_tag_decisions',
        columns: [
          { name: 'person_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'subject', type: 'varchar', length: '10', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'tag_ids', type: 'text' },
          { name: 'bksb_session_id', type: 'integer' },
          { name: 'decided_at', type: 'varchar', length: '24' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('bksb_tag_decisions');
    await queryRunner.dropTable('bksb_assessment_results');
  }
}
