import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Delivery at most once (a claim token, the sending and unclear states), a Message-ID
 * kept across tries, the email as it goes without values fetched at delivery, and who
 * is told its outcome.
 */
export class AddMailDeliveryStates1764590000000 implements MigrationInterface {
  name = 'AddMailDeliveryStates1764590000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const off = queryRunner.connection.options.type === 'postgres' ? 'false' : '0';
    const messageId = new TableColumn({ name: 'message_id', type: 'varchar', length: '300', isNullable: true });
    await queryRunner.addColumns('mail_messages', [
      new TableColumn({ name: 'text_without_values', type: 'text', isNullable: true }),
      new TableColumn({ name: 'html_without_values', type: 'text', isNullable: true }),
      new TableColumn({ name: 'without_values', type: 'boolean', default: off }),
      new TableColumn({ name: 'outcome_listener', type: 'varchar', length: '50', isNullable: true }),
      new TableColumn({ name: 'claim_token', type: 'varchar', length: '36', isNullable: true }),
      messageId,
    ]);
    // Emails queued before: a Message-ID of their own id (the sender's domain is configuration, not data).
    await queryRunner.query(`UPDATE mail_messages SET message_id = '<' || id || '@picsweb.invalid>'`);
    await queryRunner.changeColumn('mail_messages', messageId, new TableColumn({ name: 'message_id', type: 'varchar', length: '300' }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('mail_messages', ['message_id', 'claim_token', 'outcome_listener', 'without_values', 'html_without_values', 'text_without_values']);
  }
}
