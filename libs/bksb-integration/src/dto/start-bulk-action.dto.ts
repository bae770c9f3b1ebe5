import { ApiProperty } from '@nestjs/swagger';
import { PERSON_TYPES, PersonType } from '@picsweb/common';
import { plainToInstance, Transform } from 'class-transformer';
import { Equals, IsDefined, IsIn, IsString, Length, ValidateBy, ValidateNested } from 'class-validator';
import { BULK_ACTIONS, BulkAction } from '../entities/bksb-bulk-job.entity';

export const MAX_BULK_PEOPLE = 2000;

export class BulkPersonRefDto {
  @ApiProperty({ enum: PERSON_TYPES })
  @IsIn(PERSON_TYPES, { message: 'personType must be learner or applicant.' })
  personType!: PersonType;

  @ApiProperty()
  @IsString({ message: 'id must be the id of a learner or applicant.' })
  @Length(1, 36, { message: 'id must be the id of a learner or applicant.' })
  id!: string;
}

export class AllPeopleDto {
  @ApiProperty({ enum: [true] })
  @Equals(true, { message: 'all must be true: every person of the unmatched report.' })
  all!: true;
}

const PEOPLE_MESSAGE = `people must be a list of 1 to ${MAX_BULK_PEOPLE} people ({personType, id}), or {"all": true} for everyone without a bksb account.`;

/** A list of people becomes BulkPersonRefDto instances and an object AllPeopleDto, so each is checked field by field. */
const toSelection = ({ value }: { value: unknown }) => {
  if (Array.isArray(value)) return value.map((person: unknown) => (typeof person === 'object' && person !== null ? plainToInstance(BulkPersonRefDto, person) : person));
  return typeof value === 'object' && value !== null ? plainToInstance(AllPeopleDto, value) : value;
};

const isSelection = (value: unknown) =>
  (Array.isArray(value) && value.length >= 1 && value.length <= MAX_BULK_PEOPLE && value.every((person) => person instanceof BulkPersonRefDto)) ||
  value instanceof AllPeopleDto;

export class StartBulkActionDto {
  @ApiProperty({ enum: BULK_ACTIONS, description: 'create: bksb accounts for those with an email; link-suggested: link the bksb user named by their email, where bksb has one.' })
  @IsIn(BULK_ACTIONS, { message: 'action must be create or link-suggested.' })
  action!: BulkAction;

  @ApiProperty({
    description: `Up to ${MAX_BULK_PEOPLE} people as [{personType, id}], or {"all": true} for everyone on the unmatched report.`,
    oneOf: [{ type: 'array', items: { $ref: '#/components/schemas/BulkPersonRefDto' } }, { $ref: '#/components/schemas/AllPeopleDto' }],
  })
  @Transform(toSelection)
  @IsDefined({ message: PEOPLE_MESSAGE })
  @ValidateBy({ name: 'isPeopleSelection', validator: { validate: isSelection, defaultMessage: () => PEOPLE_MESSAGE } })
  @ValidateNested({ each: true })
  people!: BulkPersonRefDto[] | AllPeopleDto;
}
