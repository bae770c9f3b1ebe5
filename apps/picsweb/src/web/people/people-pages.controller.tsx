import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AuthenticatedUser,
  blankToNull,
  checkForm,
  CurrentUser,
  FieldError,
  OrganisationId,
  Pages,
  PersonType,
  Roles,
  WebExtensions,
  WebRequest,
  withLabels,
} from '@picsweb/common';
import type { Response } from 'express';
import type { VNode } from 'preact';
import { CreateApplicantDto, CreateLearnerDto, PeopleQueryDto, UpdateApplicantDto, UpdateLearnerDto } from '../../people/dto/person.dto';
import { PeopleService, PersonView } from '../../people/people.service';
import { TagsService } from '../../tags/tags.service';
import { PeopleListPage } from './people-list-page';
import { PersonFormPage, PersonFormValues } from './person-form-page';
import { PERSON_FIELD_LABELS, PERSON_KINDS } from './person-labels';
import { PersonPage } from './person-page';

type Form = Record<string, unknown>;

const FIELDS: Record<PersonType, string[]> = {
  learner: ['firstName', 'lastName', 'email', 'dateOfBirth', 'systemStatus', 'learningStatus', 'startDate', 'endDate'],
  applicant: ['firstName', 'lastName', 'email', 'dateOfBirth', 'systemStatus', 'applicationStatus', 'closedOn'],
};
const OPTIONAL = new Set(['email', 'dateOfBirth', 'startDate', 'endDate', 'closedOn']);

/** The form's text as the API's input: blank optional fields are null, the rest as typed. */
function inputOf(type: PersonType, form: Form): Record<string, unknown> {
  return Object.fromEntries(FIELDS[type].map((field) => [field, OPTIONAL.has(field) ? blankToNull(form[field]) : (form[field] ?? '')]));
}

function valuesOf(type: PersonType, source: Form | PersonView): PersonFormValues {
  const record = source as Record<string, unknown>;
  return Object.fromEntries(FIELDS[type].map((field) => [field, typeof record[field] === 'string' ? (record[field] as string) : null]));
}

/** The learner and applicant pages, which differ only in their type (as the API's controllers). */
function peoplePagesController(type: PersonType) {
  const kind = PERSON_KINDS[type];
  const createDto = type === 'learner' ? CreateLearnerDto : CreateApplicantDto;
  const updateDto = type === 'learner' ? UpdateLearnerDto : UpdateApplicantDto;

  @ApiExcludeController()
  @Roles('admin', 'staff')
  @Controller(kind.path.slice(1))
  class PeoplePagesController {
    constructor(
      readonly people: PeopleService,
      readonly tags: TagsService,
      readonly extensions: WebExtensions,
      readonly pages: Pages,
    ) {}

    @Get()
    async list(@OrganisationId() organisationId: string, @Query() query: PeopleQueryDto, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
      const people = await this.people.list(organisationId, type, { ...query, pageSize: query.pageSize ?? 25 });
      this.pages.send(request, response, <PeopleListPage type={type} search={query.search ?? ''} people={people} />, { title: kind.many });
    }

    @Get('new')
    newForm(@Req() request: WebRequest, @Res() response: Response): void {
      this.sendForm(request, response, undefined, {}, []);
    }

    @Post('new')
    async create(@OrganisationId() organisationId: string, @Body() form: Form, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
      const checked = await checkForm(createDto, inputOf(type, form));
      if (!checked.ok) return this.sendForm(request, response, undefined, valuesOf(type, form), checked.errors);
      const person = await this.people.create(organisationId, type, checked.value);
      this.pages.redirect(response, `${kind.path}/${person.id}`, `Added ${person.firstName} ${person.lastName}.`);
    }

    @Get(':id')
    async show(
      @OrganisationId() organisationId: string,
      @CurrentUser() user: AuthenticatedUser,
      @Param('id') id: string,
      @Req() request: WebRequest,
      @Res() response: Response,
    ): Promise<void> {
      const person = await this.people.get(organisationId, type, id);
      const held = new Set(person.tags.map((tag) => tag.id));
      const tagsToAdd = (await this.tags.list(organisationId)).filter((tag) => !held.has(tag.id));
      const panels: VNode[] = [];
      for (const panel of this.extensions.personPanels()) {
        const rendered = await panel.render({ user, organisationId, personType: type, personId: id });
        if (rendered) panels.push(rendered);
      }
      const page = <PersonPage type={type} person={person} tagsToAdd={tagsToAdd} panels={panels} />;
      this.pages.send(request, response, page, { title: `${person.firstName} ${person.lastName}` });
    }

    @Get(':id/edit')
    async editForm(@OrganisationId() organisationId: string, @Param('id') id: string, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
      const person = await this.people.get(organisationId, type, id);
      this.sendForm(request, response, id, valuesOf(type, person), []);
    }

    @Post(':id/edit')
    async update(
      @OrganisationId() organisationId: string,
      @Param('id') id: string,
      @Body() form: Form,
      @Req() request: WebRequest,
      @Res() response: Response,
    ): Promise<void> {
      await this.people.get(organisationId, type, id);
      const checked = await checkForm(updateDto, inputOf(type, form));
      if (!checked.ok) return this.sendForm(request, response, id, valuesOf(type, form), checked.errors);
      const person = await this.people.update(organisationId, type, id, checked.value);
      this.pages.redirect(response, `${kind.path}/${id}`, `Saved ${person.firstName} ${person.lastName}.`);
    }

    @Post(':id/tags')
    async addTag(
      @OrganisationId() organisationId: string,
      @Param('id') id: string,
      @Body() form: Form,
      @Res() response: Response,
    ): Promise<void> {
      const tagId = typeof form.tagId === 'string' ? form.tagId : '';
      const person = await this.people.addTag(organisationId, type, id, tagId);
      const added = person.tags.find((tag) => tag.id === tagId);
      this.pages.redirect(response, `${kind.path}/${id}`, added ? `Added the tag ${added.name}.` : undefined);
    }

    @Post(':id/tags/:tagId/remove')
    async removeTag(@OrganisationId() organisationId: string, @Param('id') id: string, @Param('tagId') tagId: string, @Res() response: Response): Promise<void> {
      const tag = await this.tags.getOrThrow(organisationId, tagId);
      await this.people.removeTag(organisationId, type, id, tagId);
      this.pages.redirect(response, `${kind.path}/${id}`, `Removed the tag ${tag.name}.`);
    }

    sendForm(request: WebRequest, response: Response, personId: string | undefined, values: PersonFormValues, errors: FieldError[]): void {
      const labelled = withLabels(errors, PERSON_FIELD_LABELS);
      const page = <PersonFormPage type={type} personId={personId} values={values} errors={labelled} />;
      this.pages.send(request, response, page, { title: personId ? 'Edit' : `Add ${kind.one}`, status: errors.length ? 400 : 200 });
    }
  }
  return PeoplePagesController;
}

export class LearnerPagesController extends peoplePagesController('learner') {}

export class ApplicantPagesController extends peoplePagesController('applicant') {}
