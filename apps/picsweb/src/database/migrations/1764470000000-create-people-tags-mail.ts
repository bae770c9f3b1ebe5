import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreatePeopleTagsMail1764470000000 implements MigrationInterface {
  name = 'CreatePeopleTagsMail1764470000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'people',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'person_type', type: 'varchar', length: '10' },
          { name: 'first_name', type: 'varchar', length: '100' },
          { name: 'last_name', type: 'varchar', length: '100' },
          { name: 'email', type: 'varchar', length: '320', isNullable: true },
          { name: 'date_of_birth', type: 'date', isNullable: true },
          { name: 'system_status', type: 'varchar', length: '10' },
          { name: 'learning_status', type: 'varchar', length: '20', isNullable: true },
          { name: 'start_date', type: 'date', isNullable: true },
          { name: 'end_date', type: 'date', isNullable: true },
          { name: 'application_status', type: 'varchar', length: '20', isNullable: true },
          { name: 'closed_on', type: 'date', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'updated_at', type: 'varchar', length: '24' },
        ],
        indices: [{ name: 'ix_people_organisation_type_name', columnNames: ['organisation_id', 'person_type', 'last_name'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tags',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'name_key', type: 'varchar', length: '100' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        indices: [{ name: 'uq_tags_organisation_name_key', columnNames: ['organisation_id', 'name_key'], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'person_tags',
        columns: [
          { name: 'person_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'tag_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'applied_at', type: 'varchar', length: '24' },
        ],
        indices: [{ name: 'ix_person_tags_tag', columnNames: ['tag_id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mail_messages',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'to_address', type: 'varchar', length: '320' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'text_body', type: 'text' },
          { name: 'html_body', type: 'text' },
          { name: 'secrets', type: 'text', isNullable: true },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'attempts', type: 'integer' },
          { name: 'next_attempt_at', type: 'varchar', length: '24' },
          { name: 'claimed_until', type: 'varchar', length: '24', isNullable: true },
          { name: 'sent_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
        ],
        indices: [
          { name: 'ix_mail_messages_organisation_at', columnNames: ['organisation_id', 'created_at'] },
          { name: 'ix_mail_messages_status_next_attempt', columnNames: ['status', 'next_attempt_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['mail_messages', 'person_tags', 'tags', 'people']) await queryRunner.dropTable(table);
  }
}
