import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SystemLogEntry } from './system-log-entry.entity';
import { SystemLogService } from './system-log.service';

@Module({
  imports: [TypeOrmModule.forFeature([SystemLogEntry])],
  providers: [SystemLogService],
  exports: [SystemLogService],
})
export class SystemLogModule {}
