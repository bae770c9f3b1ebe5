import { InstantColumn } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('tags')
@Index('uq_tags_organisation_name_key', ['organisationId', 'nameKey'], { unique: true })
export class Tag {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The name lower-cased and trimmed: unique within the organisation. */
  @Column({ name: 'name_key', type: 'varchar', length: 100 })
  nameKey!: string;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;
}
