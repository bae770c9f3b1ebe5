import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { OrganisationId, Page, PageQueryDto, Roles } from '@picsweb/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { SystemLogService, SystemLogView } from './system-log.service';

export class SystemLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'bksb' })
  @IsOptional()
  @IsString({ message: 'source must be text, e.g. bksb.' })
  @MaxLength(40, { message: 'source must be at most 40 characters.' })
  source?: string;
}

@ApiTags('system-logs')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/system-logs')
export class SystemLogsController {
  constructor(private readonly systemLog: SystemLogService) {}

  @Get()
  list(@OrganisationId() organisationId: string, @Query() query: SystemLogQueryDto): Promise<Page<SystemLogView>> {
    return this.systemLog.list(organisationId, query.source, query);
  }
}
