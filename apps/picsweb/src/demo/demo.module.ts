import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { bksbIntegration } from '../integrations/bksb-integration.mount'; // bksb-plugin
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { TagsModule } from '../tags/tags.module';
import { UsersModule } from '../users/users.module';
import { DemoBksbSeeder } from '../integrations/bksb-demo-seeder'; // bksb-plugin
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [
    TypeOrmModule.forFeature([Organisation]),
    OrganisationsModule,
    UsersModule,
    PeopleModule,
    TagsModule,
    bksbIntegration, // bksb-plugin
  ],
  providers: [
    DemoSeeder,
    DemoBksbSeeder, // bksb-plugin
  ],
})
export class DemoModule {}
