import request from 'supertest';
import { PeopleService } from '../../../apps/picsweb/src/people/people.service';
import { TagsService } from '../../../apps/picsweb/src/tags/tags.service';
import { DataSource } from 'typeorm';
import { User } from '../../../apps/picsweb/src/users/user.entity';
import { seedIdentity, TestIdentity } from '../../support/identity';
import { startTestApp, TestApp } from '../../support/test-app';
import { absent, baseUrlOf, checkPage, describeInBrowser, eventually, signIn, useBrowser, visible } from '../support/browser';

describeInBrowser('the host pages in Chromium', () => {
  let testApp: TestApp;
  let identity: TestIdentity;
  let baseUrl: string;
  const { signedIn, newPage } = useBrowser(() => baseUrl);
  let learnerId: string;
  let otherLearnerId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    identity = await seedIdentity(testApp.app);
    baseUrl = await baseUrlOf(testApp.app);
    const people = testApp.app.get(PeopleService);
    const tags = testApp.app.get(TagsService);
    learnerId = (await people.create(identity.organisationId, 'learner', { firstName: 'Amira', lastName: 'Khan', email: 'amira@example.org' })).id;
    await people.create(identity.organisationId, 'learner', { firstName: 'Ben', lastName: 'Carter', email: null });
    otherLearnerId = (await people.create(identity.otherOrganisationId, 'learner', { firstName: 'Other', lastName: 'Person' })).id;
    await tags.create(identity.organisationId, 'FS English Assessed');
    await tags.create(identity.organisationId, 'FS Maths Assessed');
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });


  it('gives a wrong password and an unknown email the same message', async () => {
    const page = await newPage();
    await signIn(page, baseUrl, 'admin@northfield.test', 'not-the-password');
    const wrongPassword = await page.getByRole('alert').innerText();
    await checkPage(page);
    await signIn(page, baseUrl, 'nobody@northfield.test', 'not-the-password');
    const unknownEmail = await page.getByRole('alert').innerText();
    expect(wrongPassword).toContain('Invalid email or password');
    expect(unknownEmail).toBe(wrongPassword);
    expect(await page.getByLabel('Email').inputValue()).toBe('nobody@northfield.test');
    await page.context().close();
  });

  it('signs in, searches learners, opens one, adds and removes a tag', async () => {
    const page = await signedIn('staff@northfield.test');
    await visible(page.getByRole('heading', { level: 1, name: 'Learners' }));
    await visible(page.getByText('Northfield College'));
    await checkPage(page);
    await page.getByLabel('Search').fill('amira');
    await page.getByRole('button', { name: 'Search' }).click();
    await absent(page.getByRole('link', { name: 'Ben Carter' }));
    await page.getByRole('link', { name: 'Amira Khan' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Amira Khan' }));
    await checkPage(page);
    await page.getByLabel('Add tag').selectOption({ label: 'FS Maths Assessed' });
    await page.getByRole('button', { name: 'Add tag' }).click();
    await visible(page.getByRole('button', { name: 'Remove FS Maths Assessed' }));
    await eventually(async () => expect(await page.getByRole('status').innerText()).toContain('Added the tag FS Maths Assessed'));
    await page.getByRole('button', { name: 'Remove FS Maths Assessed' }).click();
    await absent(page.getByRole('button', { name: 'Remove FS Maths Assessed' }));
    const person = await testApp.app.get(PeopleService).get(identity.organisationId, 'learner', learnerId);
    expect(person.tags).toEqual([]);
    await page.context().close();
  });

  it('adds a learner and shows the API checks beside the fields', async () => {
    const page = await signedIn('staff@northfield.test');
    await page.getByRole('button', { name: 'Add learner' }).click();
    await page.getByLabel('First name').fill('Cara');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Add learner' }).click();
    await eventually(async () => expect(await page.getByRole('alert').innerText()).toContain('Last name must be 1 to 100 characters long.'));
    expect(await page.getByLabel('First name').inputValue()).toBe('Cara');
    await checkPage(page);
    await page.getByLabel('Last name').fill('Lee');
    await page.getByLabel('Email').fill('cara.lee@example.org');
    await page.getByRole('button', { name: 'Add learner' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Cara Lee' }));
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Learning status').selectOption({ label: 'Completed' });
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('Completed'));
    await page.context().close();
  });

  it('ends the session at sign-out: the back button shows no data and the old cookie is refused', async () => {
    const page = await signedIn('staff@northfield.test');
    await page.goto(`${baseUrl}/learners/${learnerId}`);
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === '__Host-picsweb_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in to PICSWeb' }));
    await page.goBack();
    await absent(page.getByText('amira@example.org'));
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in to PICSWeb' }));
    const replayed = await request(testApp.app.getHttpServer()).get(`/learners/${learnerId}`).set('cookie', `__Host-picsweb_session=${cookie.value}`);
    expect(replayed.status).toBe(303);
    expect(replayed.headers.location).toBe(`/login?next=${encodeURIComponent(`/learners/${learnerId}`)}`);
    await page.context().close();
  });

  it('changes nothing for a form posted without its CSRF token', async () => {
    const page = await signedIn('staff@northfield.test');
    const [tag] = await testApp.app.get(TagsService).list(identity.organisationId);
    const answer = await page.evaluate(
      async ({ url, tagId }) => {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `tagId=${tagId}` });
        return { status: response.status, text: await response.text() };
      },
      { url: `${baseUrl}/learners/${learnerId}/tags`, tagId: tag.id },
    );
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('nothing was changed');
    const person = await testApp.app.get(PeopleService).get(identity.organisationId, 'learner', learnerId);
    expect(person.tags).toEqual([]);
    await page.context().close();
  });

  it('shows staff a 403 page for system logs and a 404 page for another organisation\'s learner', async () => {
    const page = await signedIn('staff@northfield.test');
    await absent(page.getByRole('link', { name: 'System logs' }));
    const logs = await page.goto(`${baseUrl}/system-logs`);
    expect(logs?.status()).toBe(403);
    await visible(page.getByRole('heading', { level: 1, name: 'You cannot see this page' }));
    await checkPage(page);
    const other = await page.goto(`${baseUrl}/learners/${otherLearnerId}`);
    expect(other?.status()).toBe(404);
    await visible(page.getByRole('heading', { level: 1, name: 'Page not found' }));
    await absent(page.getByText('Other Person'));
    await page.context().close();
  });

  it('shows admins the system logs and the mail outbox', async () => {
    const page = await signedIn('admin@northfield.test');
    await page.getByRole('link', { name: 'System logs' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'System logs' }));
    await checkPage(page);
    await page.getByRole('link', { name: 'Mail outbox' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Mail outbox' }));
    await checkPage(page);
    await page.context().close();
  });

  it('lets support switch a licence on, and off after confirming', async () => {
    const page = await signedIn('support@pics.test');
    await visible(page.getByRole('heading', { level: 1, name: 'Organisations' }));
    await checkPage(page);
    const southbank = page.getByRole('switch', { name: 'bksb licence for Southbank Training' });
    await eventually(async () => expect(await southbank.getAttribute('aria-checked')).toBe('false'));
    await southbank.click();
    await eventually(async () => expect(await page.getByRole('switch', { name: 'bksb licence for Southbank Training' }).getAttribute('aria-checked')).toBe('true'));
    await page.getByRole('switch', { name: 'bksb licence for Southbank Training' }).click();
    await eventually(async () => expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Revoke the bksb licence of Southbank Training?'));
    await checkPage(page);
    await page.getByRole('button', { name: 'Revoke licence' }).click();
    await eventually(async () => expect(await page.getByRole('switch', { name: 'bksb licence for Southbank Training' }).getAttribute('aria-checked')).toBe('false'));
    await page.getByLabel('Organisation name').fill('Eastgate College');
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await visible(page.getByRole('cell', { name: 'Eastgate College' }));
    await page.context().close();
  });

  it('adds and removes tags with JavaScript off', async () => {
    const page = await signedIn('staff@northfield.test', { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/learners/${learnerId}`);
    await page.getByLabel('Add tag').selectOption({ label: 'FS English Assessed' });
    await page.getByRole('button', { name: 'Add tag' }).click();
    await visible(page.getByRole('button', { name: 'Remove FS English Assessed' }));
    await page.getByRole('button', { name: 'Remove FS English Assessed' }).click();
    await absent(page.getByRole('button', { name: 'Remove FS English Assessed' }));
    await page.context().close();
  });

  it('signs a deleted user out at the next request', async () => {
    const page = await signedIn('staff@northfield.test');
    await testApp.app.get(DataSource).getRepository(User).delete({ email: 'staff@northfield.test' });
    await page.goto(`${baseUrl}/learners`);
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in to PICSWeb' }));
    await page.context().close();
  });
});
