import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Login details in true states: the latest email's state, its mail id, when it was
 * queued, why it failed, whether it went without its auto-login link. `login_details_sent_at`
 * now means when the mail server accepted it.
 */
export class AddLoginDetailsStates1764590000000 implements MigrationInterface {
  name = 'AddLoginDetailsStates1764590000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const off = queryRunner.connection.options.type === 'postgres' ? 'false' : '0';
    await queryRunner.addColumns('bksb_account_links', [
      new TableColumn({ name: 'login_details_state', type: 'varchar', length: '10', default: "'none'" }),
      new TableColumn({ name: 'login_details_mail_id', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'login_details_queued_at', type: 'varchar', length: '24', isNullable: true }),
      new TableColumn({ name: 'login_details_failure', type: 'varchar', length: '500', isNullable: true }),
      new TableColumn({ name: 'login_details_without_link', type: 'boolean', default: off }),
    ]);
    await queryRunner.createIndex('bksb_account_links', new TableIndex({ name: 'ix_bksb_account_links_login_details_mail', columnNames: ['login_details_mail_id'] }));
    // Until now the time was when the email was queued, and whether the mail server took it was never recorded.
    await queryRunner.query(
      `UPDATE bksb_account_links SET login_details_state = 'unclear', login_details_queued_at = login_details_sent_at, login_details_sent_at = NULL, ` +
        `login_details_failure = 'Queued by an earlier version of PICSWeb, which did not record whether the mail server accepted it. The Mail outbox shows what became of it.' ` +
        `WHERE login_details_sent_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('bksb_account_links', 'ix_bksb_account_links_login_details_mail');
    await queryRunner.query(`UPDATE bksb_account_links SET login_details_sent_at = login_details_queued_at WHERE login_details_queued_at IS NOT NULL`);
    await queryRunner.dropColumns('bksb_account_links', [
      'login_details_without_link',
      'login_details_failure',
      'login_details_queued_at',
      'login_details_mail_id',
      'login_details_state',
    ]);
  }
}
