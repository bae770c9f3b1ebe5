import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreateBksbSettingsAndLinks1764480000000 implements MigrationInterface {
  name = 'CreateBksbSettingsAndLinks1764480000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'bksb_settings',
        columns: [
          { name: 'organisation_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'integration_enabled', type: 'boolean' },
          { name: 'region', type: 'varchar', length: '2' },
          { name: 'bksb_login_url', type: 'varchar', length: '500', isNullable: true },
          { name: 'api_access_key', type: 'varchar', length: '200', isNullable: true },
          { name: 'api_secret_key', type: 'varchar', length: '500', isNullable: true },
          { name: 'default_password', type: 'varchar', length: '500', isNullable: true },
          { name: 'auto_send_login_details', type: 'boolean' },
          { name: 'auto_enrol_on_courses', type: 'boolean' },
          { name: 'download_diagnostic_results', type: 'boolean' },
          { name: 'log_scheduled_sync_api_calls', type: 'boolean' },
          { name: 'learner_tags', type: 'text' },
          { name: 'applicant_tags', type: 'text' },
          { name: 'updated_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'updated_by', type: 'varchar', length: '320', isNullable: true },
          { name: 'problem_kind', type: 'varchar', length: '20', isNullable: true },
          { name: 'problem_message', type: 'varchar', length: '500', isNullable: true },
          { name: 'problem_since', type: 'varchar', length: '24', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'bksb_account_links',
        columns: [
          { name: 'person_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'person_type', type: 'varchar', length: '10' },
          { name: 'username', type: 'varchar', length: '320' },
          { name: 'username_key', type: 'varchar', length: '320' },
          { name: 'bksb_user_id', type: 'integer', isNullable: true },
          { name: 'created_by_pics', type: 'boolean' },
          { name: 'state', type: 'varchar', length: '20' },
          { name: 'claim_expires_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'created_by', type: 'varchar', length: '320' },
          { name: 'login_details_sent_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'last_synced_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'missing_checked_at', type: 'varchar', length: '24', isNullable: true },
        ],
        indices: [{ name: 'uq_bksb_account_links_username', columnNames: ['organisation_id', 'person_type', 'username_key'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('bksb_account_links');
    await queryRunner.dropTable('bksb_settings');
  }
}
