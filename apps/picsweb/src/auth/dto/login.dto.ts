import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@northfield.test' })
  @IsString({ message: 'email must be text.' })
  @MaxLength(320, { message: 'email must be at most 320 characters.' })
  email!: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString({ message: 'password must be text.' })
  @MaxLength(1000, { message: 'password must be at most 1000 characters.' })
  password!: string;
}
