import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SystemLogModule } from '../system-log/system-log.module';
import { OrganisationLicence } from './organisation-licence.entity';
import { Organisation } from './organisation.entity';
import { OrganisationsService } from './organisations.service';
import { SupportOrganisationsController } from './support-organisations.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Organisation, OrganisationLicence]), SystemLogModule],
  controllers: [SupportOrganisationsController],
  providers: [OrganisationsService],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
