import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { BulkPersonRefDto, MAX_BULK_PEOPLE } from './start-bulk-action.dto';

const PEOPLE_MESSAGE = `people must be a list of 1 to ${MAX_BULK_PEOPLE} people ({personType, id}).`;

export class InvitePeopleDto {
  @ApiProperty({ type: [BulkPersonRefDto], description: `Up to ${MAX_BULK_PEOPLE} people; each is sent the login details once, however often listed.` })
  @IsArray({ message: PEOPLE_MESSAGE })
  @ArrayMinSize(1, { message: PEOPLE_MESSAGE })
  @ArrayMaxSize(MAX_BULK_PEOPLE, { message: PEOPLE_MESSAGE })
  @ValidateNested({ each: true })
  @Type(() => BulkPersonRefDto)
  people!: BulkPersonRefDto[];
}
