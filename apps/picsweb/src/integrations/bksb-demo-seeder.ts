import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { BksbSettingsService } from '@picsweb/bksb-integration';
import { DEMO_BKSB_KEY } from './bksb-demo-sandbox';
import { DemoSeeder } from '../demo/demo-seeder';

export const DEMO_DEFAULT_PASSWORD = 'Welcome-2026';

/** Pre-fills Northfield's bksb settings with the sandbox's keys, a login address and the demo tags. */
@Injectable()
export class DemoBksbSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly demo: DemoSeeder,
    private readonly settings: BksbSettingsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const seeded = await this.demo.seeded;
    if (!seeded) return;
    const tagId = (name: string) => seeded.northfieldTags.get(name)!;
    await this.settings.update(
      seeded.northfieldId,
      {
        integrationEnabled: true,
        region: 'UK',
        bksbLoginUrl: 'https://northfield.bksblive2.co.uk/',
        apiAccessKey: DEMO_BKSB_KEY.accessKey,
        apiSecretKey: DEMO_BKSB_KEY.secretKey,
        defaultPassword: DEMO_DEFAULT_PASSWORD,
        autoSendLoginDetails: true,
        downloadDiagnosticResults: true,
        logScheduledSyncApiCalls: true,
        learnerTags: { english: [tagId('FS English Assessed')], maths: [tagId('FS Maths Assessed')], ict: [tagId('FS ICT Assessed')] },
        applicantTags: { english: [tagId('FS English Assessed')], maths: [tagId('FS Maths Assessed')], ict: [tagId('FS ICT Assessed')] },
      },
      'demo seed',
    );
  }
}
