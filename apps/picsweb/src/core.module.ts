import { Global, Module } from '@nestjs/common';
import { Clock, SecretCipher, SystemClock } from '@picsweb/common';
import { AppConfig } from './config/app-config';

/** What every module may inject: the clock and the secret cipher. */
@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: SecretCipher, inject: [AppConfig], useFactory: (config: AppConfig) => new SecretCipher(config.encryptionKeys) },
  ],
  exports: [Clock, SecretCipher],
})
export class CoreModule {}
