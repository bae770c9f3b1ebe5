import { Logger } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigurationError, configFromProcess } from './config/environment';
import { createApp } from './bootstrap';
import { attachDemoSandbox } from './integrations/bksb-demo-sandbox'; // bksb-plugin

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = configFromProcess(process.argv, process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\nPICSWeb did not start.\n`);
    process.exit(78);
  }
  await attachDemoSandbox(config); // bksb-plugin
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const address = await app.getUrl();
  const docs = config.apiDocs ? '; API docs at /api/docs' : '';
  Logger.log(`PICSWeb (${config.mode}) is serving on ${address.replace('[::1]', 'localhost')}${docs}`, 'Main');
}

main().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), error instanceof Error ? error.stack : undefined, 'Main');
  process.exit(1);
});
