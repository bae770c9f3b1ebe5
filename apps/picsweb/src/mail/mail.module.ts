import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailMessage } from './mail-message.entity';
import { MailOutboxController } from './mail-outbox.controller';
import { MailService } from './mail.service';

@Module({
  imports: [TypeOrmModule.forFeature([MailMessage])],
  controllers: [MailOutboxController],
  providers: [MailService],
  exports: [MailService],
})
export class MailModule {}
