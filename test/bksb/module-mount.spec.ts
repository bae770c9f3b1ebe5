import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BKSB_ENTITIES, BksbHostServices, BksbIntegrationModule, BksbIntegrationModuleOptions } from '@picsweb/bksb-integration';
import { IntegrationStatusReader, Pages, SecretCipher, SecretRotation, SystemClock, TransactionRunner, WebExtensions } from '@picsweb/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** Everything a host gives the plugin; the port adapters are never called while the module starts. */
function hostOptions(dataSource: DataSource, scheduler: SchedulerRegistry, registered: IntegrationStatusReader[]): BksbIntegrationModuleOptions {
  const unused = {} as never;
  const cipher = new SecretCipher([{ id: 'k1', key: randomBytes(32) }]);
  const webExtensions = new WebExtensions();
  const transactions = new TransactionRunner(dataSource);
  return {
    peopleDirectory: unused,
    tagging: unused,
    systemLog: unused,
    mailer: { queue: unused, registerDeliveryValues: () => undefined, registerOutcomeListener: () => undefined },
    licenceChecker: unused,
    integrationStatus: { register: (reader) => registered.push(reader) },
    transactions,
    clock: new SystemClock(),
    secretCipher: cipher,
    secretRotation: new SecretRotation(transactions, cipher),
    metrics: { counter: () => ({ inc: () => undefined }), histogram: () => ({ observe: () => undefined }) },
    scheduler,
    pages: new Pages(webExtensions, false),
    webExtensions,
    bksbApiUrl: null,
    syncCron: null,
    freshCron: 'off',
    retentionDays: 90,
  };
}

/** The plugin in a host of an in-memory database, the scheduler and the given services, less the one left out. */
const mount = (registered: IntegrationStatusReader[], leftOut?: keyof BksbHostServices) =>
  Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: BKSB_ENTITIES, synchronize: true }),
      ScheduleModule.forRoot(),
      BksbIntegrationModule.forRootAsync({
        inject: [DataSource, SchedulerRegistry],
        useFactory: (dataSource: DataSource, scheduler: SchedulerRegistry) => ({
          ...hostOptions(dataSource, scheduler, registered),
          ...(leftOut ? { [leftOut]: undefined } : {}),
        }),
      }),
    ],
  }).compile();

describe('BksbIntegrationModule mounted in a host', () => {
  it('starts with every host service given, and registers its status reader with the host', async () => {
    const registered: IntegrationStatusReader[] = [];
    const moduleRef = await mount(registered);
    await moduleRef.init();
    expect(registered).toHaveLength(1);
    expect(typeof registered[0].statusOf).toBe('function');
    await moduleRef.close();
  });

  const needs: Array<[keyof BksbHostServices, string]> = [
    ['transactions', 'TransactionRunner'],
    ['clock', 'Clock'],
    ['secretCipher', 'SecretCipher'],
    ['secretRotation', 'SecretRotation'],
    ['scheduler', 'SchedulerRegistry'],
    ['integrationStatus', 'IntegrationStatusRegistry'],
    ['pages', 'Pages'],
    ['webExtensions', 'WebExtensions'],
    ['mailer', 'Mailer'],
  ];
  it.each(needs)('fails at start-up naming the host service when "%s" is missing', async (option, name) => {
    await expect(mount([], option)).rejects.toThrow(`BksbIntegrationModule needs the host's ${name}: give it as "${option}"`);
  });
});
