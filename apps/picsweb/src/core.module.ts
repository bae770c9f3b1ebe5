import { Global, Module } from '@nestjs/common';
import { Clock, SecretCipher, SecretRotation, SystemClock } from '@picsweb/common';
import { AppConfig } from './config/app-config';

/** What every module may inject: the clock, the secret cipher and secret rotation. */
@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: SecretCipher, inject: [AppConfig], useFactory: (config: AppConfig) => new SecretCipher(config.encryptionKeys) },
    SecretRotation,
  ],
  exports: [Clock, SecretCipher, SecretRotation],
})
export class CoreModule {}
