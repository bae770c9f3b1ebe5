import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { createValidationPipe, OrganisationId, Page, PersonType, Roles } from '@picsweb/common';
import { AddTagDto, CreateApplicantDto, CreateLearnerDto, PeopleQueryDto, UpdateApplicantDto, UpdateLearnerDto } from './dto/person.dto';
import { CreatePersonInput, PeopleService, PersonView, UpdatePersonInput } from './people.service';

/**
 * The routes of /api/learners and /api/applicants, which differ only in their type and
 * body DTOs (passed to the validation pipe, as a generic parameter has no run-time type).
 */
function peopleController(type: PersonType, path: string, createDto: Type<CreatePersonInput>, updateDto: Type<UpdatePersonInput>) {
  @ApiTags(path)
  @ApiBearerAuth()
  @Roles('admin', 'staff')
  @Controller(`api/${path}`)
  class PeopleController {
    constructor(readonly people: PeopleService) {}

    @Get()
    list(@OrganisationId() organisationId: string, @Query() query: PeopleQueryDto): Promise<Page<PersonView>> {
      return this.people.list(organisationId, type, query);
    }

    @Post()
    @ApiBody({ type: createDto })
    create(@OrganisationId() organisationId: string, @Body(createValidationPipe(createDto)) body: CreatePersonInput): Promise<PersonView> {
      return this.people.create(organisationId, type, body);
    }

    @Get(':id')
    get(@OrganisationId() organisationId: string, @Param('id') id: string): Promise<PersonView> {
      return this.people.get(organisationId, type, id);
    }

    @Patch(':id')
    @ApiBody({ type: updateDto })
    update(
      @OrganisationId() organisationId: string,
      @Param('id') id: string,
      @Body(createValidationPipe(updateDto)) body: UpdatePersonInput,
    ): Promise<PersonView> {
      return this.people.update(organisationId, type, id, body);
    }

    @Post(':id/tags')
    @HttpCode(200)
    addTag(@OrganisationId() organisationId: string, @Param('id') id: string, @Body() body: AddTagDto): Promise<PersonView> {
      return this.people.addTag(organisationId, type, id, body.tagId);
    }

    @Delete(':id/tags/:tagId')
    @HttpCode(204)
    removeTag(@OrganisationId() organisationId: string, @Param('id') id: string, @Param('tagId') tagId: string): Promise<void> {
      return this.people.removeTag(organisationId, type, id, tagId);
    }
  }
  return PeopleController;
}

export class LearnersController extends peopleController('learner', 'learners', CreateLearnerDto, UpdateLearnerDto) {}

export class ApplicantsController extends peopleController('applicant', 'applicants', CreateApplicantDto, UpdateApplicantDto) {}
