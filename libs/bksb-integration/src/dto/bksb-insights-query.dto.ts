import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsCalendarDate, PageQueryDto, PERSON_TYPES, PersonType } from '@picsweb/common';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LEVEL_BUCKETS, LevelBucket, Measure, MEASURES } from '../rules/initial-levels';
import { SKILL_BUCKETS, SkillBucket } from '../rules/skill-gaps';
import { ChasedSubjectKey, SUBJECT_KEYS, SubjectKey } from '../domain/bksb-domain';

/** A filter left at "all" in a page's form comes as an empty value: the same as leaving it out. */
const BlankIsAbsent = () => Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

/** `?format=csv` answers a download instead of JSON (as `Accept: text/csv` does). */
const Format = () =>
  applyDecorators(ApiPropertyOptional({ enum: ['json', 'csv'] }), IsOptional(), IsIn(['json', 'csv'], { message: 'format must be json or csv.' }));

const PersonTypeFilter = () =>
  applyDecorators(ApiPropertyOptional({ enum: PERSON_TYPES }), BlankIsAbsent(), IsOptional(), IsIn([...PERSON_TYPES], { message: 'personType must be learner or applicant.' }));

export class UnmatchedQueryDto extends PageQueryDto {
  @Format() format?: 'json' | 'csv';
}

export class ChaseListQueryDto extends PageQueryDto {
  @PersonTypeFilter() personType?: PersonType;

  @ApiPropertyOptional({ enum: ['english', 'maths'], description: 'Only people who have not done this subject; else those who have not done English or Maths.' })
  @BlankIsAbsent()
  @IsOptional()
  @IsIn(['english', 'maths'], { message: 'subject must be english or maths.' })
  subject?: ChasedSubjectKey;

  @Format() format?: 'json' | 'csv';
}

export class LevelsQueryDto {
  @PersonTypeFilter() personType?: PersonType;

  @ApiPropertyOptional({ enum: MEASURES, default: 'latest', description: "Count each person's latest initial result per subject, or their best (highest level)." })
  @BlankIsAbsent()
  @IsOptional()
  @IsIn([...MEASURES], { message: 'measure must be latest or best.' })
  measure?: Measure;

  @ApiPropertyOptional({ description: 'Only results completed on or after this UK date, e.g. 2026-09-01.' })
  @BlankIsAbsent()
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Only results completed on or before this UK date, e.g. 2026-10-31.' })
  @BlankIsAbsent()
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @Format() format?: 'json' | 'csv';
}

/** The levels page also lists the people behind one bar of the chart, a page at a time. */
export class LevelsPageQueryDto extends IntersectionType(LevelsQueryDto, PageQueryDto) {
  @IsOptional()
  @IsIn([...SUBJECT_KEYS], { message: 'subject must be english, maths or ict.' })
  subject?: SubjectKey;

  @IsOptional()
  @IsIn([...LEVEL_BUCKETS], { message: `level must be one of ${LEVEL_BUCKETS.join(', ')}.` })
  level?: LevelBucket;
}

export class SkillsQueryDto {
  @PersonTypeFilter() personType?: PersonType;

  @ApiPropertyOptional({ enum: SUBJECT_KEYS, default: 'english' })
  @BlankIsAbsent()
  @IsOptional()
  @IsIn([...SUBJECT_KEYS], { message: 'subject must be english, maths or ict.' })
  subject?: SubjectKey;

  @ApiPropertyOptional({ description: 'Only diagnostics done on or after this UK date, e.g. 2026-09-01.' })
  @BlankIsAbsent()
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Only diagnostics done on or before this UK date, e.g. 2026-10-31.' })
  @BlankIsAbsent()
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @Format() format?: 'json' | 'csv';
}

/** The skills page also lists the people behind one number of its table: a component and a level, or its gaps. */
export class SkillsPageQueryDto extends IntersectionType(SkillsQueryDto, PageQueryDto) {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  component?: string;

  @IsOptional()
  @IsIn([...SKILL_BUCKETS, 'gaps'], { message: `level must be one of ${SKILL_BUCKETS.join(', ')} or gaps.` })
  level?: SkillBucket | 'gaps';
}
