import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OrganisationId, Roles, TagRef } from '@picsweb/common';
import { CreateTagDto } from './dto/create-tag.dto';
import { TagsService } from './tags.service';

@ApiTags('tags')
@ApiBearerAuth()
@Roles('admin', 'staff')
@Controller('api/tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get()
  list(@OrganisationId() organisationId: string): Promise<TagRef[]> {
    return this.tags.list(organisationId);
  }

  @Post()
  create(@OrganisationId() organisationId: string, @Body() body: CreateTagDto): Promise<TagRef> {
    return this.tags.create(organisationId, body.name);
  }
}
