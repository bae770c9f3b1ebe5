import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsModule } from '../organisations/organisations.module';
import { UsersModule } from '../users/users.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [TypeOrmModule.forFeature([Organisation]), OrganisationsModule, UsersModule],
  providers: [DemoSeeder],
})
export class DemoModule {}
