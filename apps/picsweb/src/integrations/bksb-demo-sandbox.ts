import { Logger } from '@nestjs/common';
import { BksbSandbox, DEFAULT_SANDBOX_KEYS, startBksbSandbox } from '@picsweb/bksb-sandbox';
import { londonDate } from '@picsweb/common';
import { AppConfig } from '../config/app-config';
import { demoPeople, NORTHFIELD_LEARNER_DOMAIN } from '../demo/demo-people';

export const DEMO_BKSB_KEY = DEFAULT_SANDBOX_KEYS[0];

/** Demo learners who already have a bksb account (user name = their email), with results. */
const WITH_BKSB_ACCOUNTS = ['Amira', 'Daniel', 'Isla'];

/** The diagnostics each of them has finished lately, at levels the sandbox measures their components around. */
const DEMO_DIAGNOSTICS = [
  { courseSubject: 'ENG_NEW', assessmentName: 'English Diagnostic Level 1', level: 'Level 1' },
  { courseSubject: 'MATHS_NEW', assessmentName: 'Maths Diagnostic Level 2', level: 'Level 2' },
] as const;

/**
 * The bundled bksb sandbox for the demo, on a free loopback port, holding a few
 * generated users with results and some users whose user names are demo people's
 * emails, so linking and "unmatched" suggestions have something to find.
 */
export async function startDemoSandbox(today: string): Promise<BksbSandbox> {
  const sandbox = await startBksbSandbox({ users: 25 });
  const { learners, applicants } = demoPeople(today, NORTHFIELD_LEARNER_DOMAIN);
  for (const person of [...learners, ...applicants]) {
    if (!person.email || !WITH_BKSB_ACCOUNTS.includes(person.firstName)) continue;
    const user = sandbox.createUser({
      username: person.email,
      email: person.email,
      firstname: person.firstName,
      lastname: person.lastName,
      dateOfBirth: person.dateOfBirth ?? null,
      withResults: true,
    });
    // Finished English and Maths diagnostics, whose component data (made up by the sandbox) the sync brings as Skills to work on.
    for (const diagnostic of DEMO_DIAGNOSTICS) sandbox.addResult(user.userId, { kind: 'diagnostic', ...diagnostic });
  }
  return sandbox;
}

/** In the demo, unless BKSB_API_URL points elsewhere, bksb is the bundled sandbox. */
export async function attachDemoSandbox(config: AppConfig): Promise<void> {
  if (config.mode !== 'demo' || config.bksbApiUrl) return;
  const sandbox = await startDemoSandbox(londonDate(new Date()));
  config.bksbApiUrl = sandbox.url;
  Logger.log(`The bundled bksb sandbox is serving on ${sandbox.url} (control API at ${sandbox.url}/__control)`, 'Demo');
}
