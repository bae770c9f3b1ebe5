import { InstantColumn } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A tag on a learner or applicant. */
@Entity('person_tags')
@Index('ix_person_tags_tag', ['tagId'])
export class PersonTag {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @PrimaryColumn({ name: 'tag_id', type: 'varchar', length: 36 })
  tagId!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @InstantColumn({ name: 'applied_at' })
  appliedAt!: Date;
}
