import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Which provider fills an email's placeholders at delivery, and its reference (see OutgoingMail.valuesAtDelivery). */
export class AddMailValuesAtDelivery1764530000000 implements MigrationInterface {
  name = 'AddMailValuesAtDelivery1764530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('mail_messages', [
      new TableColumn({ name: 'delivery_provider', type: 'varchar', length: '50', isNullable: true }),
      new TableColumn({ name: 'delivery_reference', type: 'varchar', length: '200', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('mail_messages', ['delivery_reference', 'delivery_provider']);
  }
}
