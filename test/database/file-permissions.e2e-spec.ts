import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { configFromProcess } from '../../apps/picsweb/src/config/environment';
import { onPostgres, TestDatabase } from '../support/test-database';
import { startTestApp } from '../support/test-app';

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** The embedded database holds personal data and password hashes: only the app's user may read it. */
(onPostgres ? describe.skip : describe)('embedded database files (SQLite only)', () => {
  let parent: string;

  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'picsweb-perms-'));
  });

  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  const startOn = async (file: string) => {
    const database: TestDatabase = { url: `sqlite:${file}`, kind: 'sqlite', drop: async () => undefined };
    const testApp = await startTestApp({ database });
    // Something written, so the write-ahead log and its index exist.
    await testApp.app.get(DataSource).query("SELECT COUNT(*) FROM organisations");
    return testApp;
  };

  it('makes the data folder 0700 and the database and its journals 0600', async () => {
    const folder = join(parent, 'data');
    const file = join(folder, 'picsweb.sqlite');
    const testApp = await startOn(file);
    try {
      expect(modeOf(folder).toString(8)).toBe('700');
      for (const path of [file, `${file}-wal`, `${file}-shm`]) expect([path, modeOf(path).toString(8)]).toEqual([path, '600']);
    } finally {
      await testApp.close();
    }
  });

  it('takes away other users\' access to an existing database file', async () => {
    const file = join(parent, 'existing.sqlite');
    writeFileSync(file, '', { mode: 0o644 });
    const testApp = await startOn(file);
    try {
      expect(modeOf(file).toString(8)).toBe('600');
    } finally {
      await testApp.close();
    }
  });

  it('makes the demo\'s data folder 0700', () => {
    const dataDir = join(parent, 'demo-data');
    configFromProcess(['--demo'], { DATA_DIR: dataDir });
    expect(modeOf(dataDir).toString(8)).toBe('700');
    expect(modeOf(join(dataDir, 'demo-secrets.json')).toString(8)).toBe('600');
  });
});
