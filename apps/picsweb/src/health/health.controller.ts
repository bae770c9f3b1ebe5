import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Public } from '@picsweb/common';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

const DATABASE_DOWN = 'The database is not reachable. Check DATABASE_URL and that the database server is running.';

@ApiTags('health')
@Public()
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'The app is up and its database answers.' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer.' })
  async check(): Promise<{ status: 'ok'; database: 'up' }> {
    await this.pingDatabase();
    return { status: 'ok', database: 'up' };
  }

  /** Liveness: the process answers (restart it when this fails). */
  @Get('live')
  @ApiOkResponse({ description: 'The process answers.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: send it traffic only when its database answers and its schema is up to date. */
  @Get('ready')
  @ApiOkResponse({ description: 'The database answers and no migration is pending.' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer, or migrations are pending.' })
  async ready(): Promise<{ status: 'ok'; database: 'up'; migrations: 'done' }> {
    await this.pingDatabase();
    let pending: boolean;
    try {
      pending = await this.dataSource.showMigrations();
    } catch {
      throw new ServiceUnavailableException(DATABASE_DOWN);
    }
    if (pending) throw new ServiceUnavailableException('Database migrations are pending: they run when an instance starts.');
    return { status: 'ok', database: 'up', migrations: 'done' };
  }

  private async pingDatabase(): Promise<void> {
    try {
      await this.health.check([() => this.database.pingCheck('database', { timeout: 2000 })]);
    } catch {
      throw new ServiceUnavailableException(DATABASE_DOWN);
    }
  }
}
