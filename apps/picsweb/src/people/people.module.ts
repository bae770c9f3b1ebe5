import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TagsModule } from '../tags/tags.module';
import { ApplicantsController, LearnersController } from './people.controller';
import { PeopleService } from './people.service';
import { Person } from './person.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Person]), TagsModule],
  controllers: [LearnersController, ApplicantsController],
  providers: [PeopleService],
  exports: [PeopleService],
})
export class PeopleModule {}
