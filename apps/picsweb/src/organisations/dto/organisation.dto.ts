import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsString, Length } from 'class-validator';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Northfield College' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'name must be text, e.g. "Northfield College".' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters long.' })
  name!: string;
}

export class SetLicenceDto {
  @ApiProperty()
  @IsBoolean({ message: 'enabled must be true or false.' })
  enabled!: boolean;
}
