import { InstantColumn, LicenceName } from '@picsweb/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A licence switched on or off for an organisation by PICS support. */
@Entity('organisation_licences')
export class OrganisationLicence {
  @PrimaryColumn({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  licence!: LicenceName;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @InstantColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'varchar', length: 320 })
  updatedBy!: string;
}
