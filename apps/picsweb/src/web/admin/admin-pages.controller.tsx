import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OrganisationId, Pages, PageQueryDto, Roles, WebRequest } from '@picsweb/common';
import type { Response } from 'express';
import { MailService } from '../../mail/mail.service';
import { SystemLogQueryDto } from '../../system-log/system-logs.controller';
import { SystemLogService } from '../../system-log/system-log.service';
import { MailOutboxPage } from './mail-outbox-page';
import { SystemLogsPage } from './system-logs-page';

/** The administrator's pages: system logs and the mail outbox. */
@ApiExcludeController()
@Roles('admin')
@Controller()
export class AdminPagesController {
  constructor(
    private readonly systemLog: SystemLogService,
    private readonly mail: MailService,
    private readonly pages: Pages,
  ) {}

  @Get('system-logs')
  async systemLogs(@OrganisationId() organisationId: string, @Query() query: SystemLogQueryDto, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const source = query.source?.trim() || undefined;
    const logs = await this.systemLog.list(organisationId, source, query);
    this.pages.send(request, response, <SystemLogsPage logs={logs} source={source ?? ''} />, { title: 'System logs' });
  }

  @Get('mail-outbox')
  async mailOutbox(@OrganisationId() organisationId: string, @Query() query: PageQueryDto, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const mail = await this.mail.list(organisationId, query);
    this.pages.send(request, response, <MailOutboxPage mail={mail} />, { title: 'Mail outbox' });
  }
}
