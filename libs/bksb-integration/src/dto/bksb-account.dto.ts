import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length } from 'class-validator';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

export class CreateBksbAccountDto {
  @ApiPropertyOptional({ description: "Defaults to the person's email." })
  @IsOptional()
  @trim
  @IsString({ message: 'username must be text.' })
  @Length(1, 320, { message: 'username must be 1 to 320 characters.' })
  username?: string;
}

export class LinkBksbAccountDto {
  @ApiProperty({ description: 'The user name of an existing bksb user.' })
  @trim
  @IsString({ message: 'username must be text: the user name of an existing bksb user.' })
  @Length(1, 320, { message: 'username must be 1 to 320 characters.' })
  username!: string;
}
