import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SystemLogEntry } from './system-log-entry.entity';
import { SystemLogService } from './system-log.service';
import { SystemLogsController } from './system-logs.controller';

@Module({
  imports: [TypeOrmModule.forFeature([SystemLogEntry])],
  controllers: [SystemLogsController],
  providers: [SystemLogService],
  exports: [SystemLogService],
})
export class SystemLogModule {}
