import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUrl, Length, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
/** May be left out, not set to null. */
const NotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** A subject's list of tag ids. */
const TagIdList = (subject: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [String] }),
    IsOptional(),
    IsArray({ message: `${subject} must be a list of tag ids.` }),
    ArrayMaxSize(50, { message: `${subject} may hold at most 50 tags.` }),
    IsString({ each: true, message: `${subject} must be a list of tag ids.` }),
  );

export class SubjectTagIdsDto {
  @TagIdList('english') english?: string[];
  @TagIdList('maths') maths?: string[];
  @TagIdList('ict') ict?: string[];
}

/** Any subset of the settings; left out keeps, null clears (where a field may be empty). */
export class UpdateBksbSettingsDto {
  @ApiPropertyOptional()
  @NotNull()
  @IsBoolean({ message: 'integrationEnabled must be true or false.' })
  integrationEnabled?: boolean;

  @ApiPropertyOptional({ enum: ['UK', 'AU'] })
  @NotNull()
  @IsIn(['UK', 'AU'], { message: 'region must be UK or AU.' })
  region?: 'UK' | 'AU';

  @ApiPropertyOptional({ nullable: true, example: 'https://yourcollege.bksblive2.co.uk/' })
  @IsOptional()
  @trim
  @IsString({ message: 'bksbLoginUrl must be text: your bksb site, e.g. https://yourcollege.bksblive2.co.uk/' })
  @MaxLength(500, { message: 'bksbLoginUrl must be at most 500 characters.' })
  @IsUrl(
    { protocols: ['https'], require_protocol: true, require_tld: true },
    { message: 'bksbLoginUrl must be an https address, e.g. https://yourcollege.bksblive2.co.uk/' },
  )
  bksbLoginUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'bksb Admin Options > API Access Keys' })
  @IsOptional()
  @trim
  @IsString({ message: 'apiAccessKey must be text: the API Access Key from bksb.' })
  @Length(1, 200, { message: 'apiAccessKey must be 1 to 200 characters: the API Access Key from bksb.' })
  apiAccessKey?: string | null;

  @ApiPropertyOptional({ nullable: true, writeOnly: true })
  @IsOptional()
  @trim
  @IsString({ message: 'apiSecretKey must be text: the API Secret Key from bksb.' })
  @Length(1, 200, { message: 'apiSecretKey must be 1 to 200 characters: the API Secret Key from bksb.' })
  apiSecretKey?: string | null;

  @ApiPropertyOptional({ nullable: true, writeOnly: true, minLength: 8 })
  @IsOptional()
  @IsString({ message: 'defaultPassword must be text.' })
  @MinLength(8, { message: 'defaultPassword must be at least 8 characters long.' })
  @MaxLength(100, { message: 'defaultPassword must be at most 100 characters long.' })
  defaultPassword?: string | null;

  @ApiPropertyOptional()
  @NotNull()
  @IsBoolean({ message: 'autoSendLoginDetails must be true or false.' })
  autoSendLoginDetails?: boolean;

  @ApiPropertyOptional()
  @NotNull()
  @IsBoolean({ message: 'autoEnrolOnCourses must be true or false.' })
  autoEnrolOnCourses?: boolean;

  @ApiPropertyOptional()
  @NotNull()
  @IsBoolean({ message: 'downloadDiagnosticResults must be true or false.' })
  downloadDiagnosticResults?: boolean;

  @ApiPropertyOptional()
  @NotNull()
  @IsBoolean({ message: 'logScheduledSyncApiCalls must be true or false.' })
  logScheduledSyncApiCalls?: boolean;

  @ApiPropertyOptional({ description: "Login emails also carry bksb's time-limited auto-login link, fetched when the email is sent." })
  @NotNull()
  @IsBoolean({ message: 'includeAutoLoginLink must be true or false.' })
  includeAutoLoginLink?: boolean;

  @ApiPropertyOptional({ type: SubjectTagIdsDto, description: 'Replaces the lists of the subjects named; keeps the others.' })
  @NotNull()
  @IsObject({ message: 'learnerTags must be an object such as {"english": ["<tagId>"]}.' })
  @ValidateNested()
  @Type(() => SubjectTagIdsDto)
  learnerTags?: SubjectTagIdsDto;

  @ApiPropertyOptional({ type: SubjectTagIdsDto, description: 'Replaces the lists of the subjects named; keeps the others.' })
  @NotNull()
  @IsObject({ message: 'applicantTags must be an object such as {"english": ["<tagId>"]}.' })
  @ValidateNested()
  @Type(() => SubjectTagIdsDto)
  applicantTags?: SubjectTagIdsDto;
}

export class TestConnectionDto {
  @ApiPropertyOptional({ enum: ['UK', 'AU'] })
  @NotNull()
  @IsIn(['UK', 'AU'], { message: 'region must be UK or AU.' })
  region?: 'UK' | 'AU';

  @ApiPropertyOptional()
  @NotNull()
  @trim
  @IsString({ message: 'apiAccessKey must be text: the API Access Key from bksb.' })
  @Length(1, 200, { message: 'apiAccessKey must be 1 to 200 characters.' })
  apiAccessKey?: string;

  @ApiPropertyOptional({ writeOnly: true })
  @NotNull()
  @trim
  @IsString({ message: 'apiSecretKey must be text: the API Secret Key from bksb.' })
  @Length(1, 200, { message: 'apiSecretKey must be 1 to 200 characters.' })
  apiSecretKey?: string;
}
