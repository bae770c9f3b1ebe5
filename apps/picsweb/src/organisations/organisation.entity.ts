import { InstantColumn } from '@picsweb/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('organisations')
export class Organisation {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;
}
