import { Global, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { runMigrations, TransactionRunner } from '@picsweb/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptionsFor } from './database-url';
import { ENTITIES, MIGRATIONS } from './schema';

/** Brings the schema up to date before anything else touches the database. */
@Injectable()
class DatabaseMigrator implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): Promise<void> {
    return runMigrations(this.dataSource);
  }
}

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptionsFor(config.databaseUrl, ENTITIES, MIGRATIONS),
    }),
  ],
  providers: [DatabaseMigrator, TransactionRunner],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
