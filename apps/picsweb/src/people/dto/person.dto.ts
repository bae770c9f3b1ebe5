import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@picsweb/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import {
  APPLICATION_STATUSES,
  ApplicationStatus,
  LEARNING_STATUSES,
  LearningStatus,
  SYSTEM_STATUSES,
  SystemStatus,
} from '../person.entity';
import { DateField, EmailField, EnumField, NameField, NotNullIfPresent } from './person-fields';

/* Create: names required, the rest optional (statuses default to Live and InLearning or Open). */

class PersonFieldsDto {
  @NameField('firstName', 'Ann') firstName!: string;
  @NameField('lastName', 'Lee') lastName!: string;
  @EmailField() email?: string | null;
  @DateField('dateOfBirth') dateOfBirth?: string | null;
  @NotNullIfPresent() @EnumField('systemStatus', SYSTEM_STATUSES) systemStatus?: SystemStatus;
}

export class CreateLearnerDto extends PersonFieldsDto {
  @NotNullIfPresent() @EnumField('learningStatus', LEARNING_STATUSES) learningStatus?: LearningStatus;
  @DateField('startDate') startDate?: string | null;
  @DateField('endDate') endDate?: string | null;
}

export class CreateApplicantDto extends PersonFieldsDto {
  @NotNullIfPresent() @EnumField('applicationStatus', APPLICATION_STATUSES) applicationStatus?: ApplicationStatus;
  @DateField('closedOn') closedOn?: string | null;
}

/* Patch: any subset; names may be left out but not emptied, nullable fields may be set to null. */

export class UpdateLearnerDto extends CreateLearnerDto {
  @NotNullIfPresent() override firstName!: string;
  @NotNullIfPresent() override lastName!: string;
}

export class UpdateApplicantDto extends CreateApplicantDto {
  @NotNullIfPresent() override firstName!: string;
  @NotNullIfPresent() override lastName!: string;
}

export class PeopleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of a first name, last name, full name or email; any case.' })
  @IsOptional()
  @IsString({ message: 'search must be text.' })
  @MaxLength(100, { message: 'search must be at most 100 characters.' })
  search?: string;
}

export class AddTagDto {
  @IsString({ message: 'tagId must be the id of one of your tags (GET /api/tags).' })
  tagId!: string;
}
