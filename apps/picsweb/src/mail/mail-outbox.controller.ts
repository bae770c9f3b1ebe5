import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OrganisationId, Page, PageQueryDto, Roles } from '@picsweb/common';
import { MailService, MailView } from './mail.service';

@ApiTags('mail-outbox')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/mail-outbox')
export class MailOutboxController {
  constructor(private readonly mail: MailService) {}

  /** The organisation's emails, newest first, secrets masked. */
  @Get()
  list(@OrganisationId() organisationId: string, @Query() query: PageQueryDto): Promise<Page<MailView>> {
    return this.mail.list(organisationId, query);
  }
}
