import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { TagsModule } from '../tags/tags.module';
import { UsersModule } from '../users/users.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [TypeOrmModule.forFeature([Organisation]), OrganisationsModule, UsersModule, PeopleModule, TagsModule],
  providers: [DemoSeeder],
})
export class DemoModule {}
