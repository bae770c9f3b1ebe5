import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

export class CreateTagDto {
  @ApiProperty({ example: 'FS English Assessed' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'name must be text, e.g. "FS English Assessed".' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters long.' })
  name!: string;
}
