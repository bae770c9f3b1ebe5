import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

export class AddRunPositionsAndClaimTokens1764520000000 implements MigrationInterface {
  name = 'AddRunPositionsAndClaimTokens1764520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('bksb_sync_runs', new TableColumn({ name: 'last_person_id', type: 'varchar', length: '36', isNullable: true }));
    await queryRunner.addColumn('bksb_account_links', new TableColumn({ name: 'claim_token', type: 'varchar', length: '36', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('bksb_account_links', 'claim_token');
    await queryRunner.dropColumn('bksb_sync_runs', 'last_person_id');
  }
}
