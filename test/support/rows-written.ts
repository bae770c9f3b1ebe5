import { DataSource } from 'typeorm';

const COUNTER = 'test_rows_written';

/**
 * Counts the rows inserted, updated or deleted in an app's database from now on, to
 * show what a piece of work costs the database. SQLite: the connection's
 * total_changes() (the driver has one connection), or with `byOtherProcesses` (the app
 * runs in another process) a counter row that a trigger on every table bumps.
 * PostgreSQL: a sequence that a trigger on every table bumps per row (a sequence, not
 * a counter row, so writers never wait on one another), which sees every connection.
 */
export async function countRowsWritten(dataSource: DataSource, options: { byOtherProcesses?: boolean } = {}): Promise<() => Promise<number>> {
  const read =
    dataSource.options.type === 'postgres'
      ? await installPostgresCounter(dataSource)
      : options.byOtherProcesses
        ? await installSqliteCounter(dataSource)
        : sqliteChanges(dataSource);
  const start = await read();
  return async () => (await read()) - start;
}

async function installSqliteCounter(dataSource: DataSource): Promise<() => Promise<number>> {
  await dataSource.query(`CREATE TABLE IF NOT EXISTS ${COUNTER} (n INTEGER NOT NULL)`);
  await dataSource.query(`INSERT INTO ${COUNTER} (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ${COUNTER})`);
  const tables: Array<{ name: string }> = await dataSource.query(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '${COUNTER}'`,
  );
  for (const { name } of tables) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await dataSource.query(
        `CREATE TRIGGER IF NOT EXISTS ${COUNTER}_${event.toLowerCase()}_${name} AFTER ${event} ON "${name}" BEGIN UPDATE ${COUNTER} SET n = n + 1; END`,
      );
    }
  }
  return async () => Number((await dataSource.query(`SELECT n FROM ${COUNTER}`))[0].n);
}

function sqliteChanges(dataSource: DataSource): () => Promise<number> {
  return async () => Number((await dataSource.query('SELECT total_changes() AS n'))[0].n);
}

async function installPostgresCounter(dataSource: DataSource): Promise<() => Promise<number>> {
  await dataSource.query(`CREATE SEQUENCE IF NOT EXISTS ${COUNTER}`);
  await dataSource.query(
    `CREATE OR REPLACE FUNCTION ${COUNTER}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('${COUNTER}'); RETURN NULL; END $$`,
  );
  const tables: Array<{ name: string }> = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  for (const { name } of tables) {
    await dataSource.query(`DROP TRIGGER IF EXISTS ${COUNTER} ON "${name}"`);
    await dataSource.query(`CREATE TRIGGER ${COUNTER} AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION ${COUNTER}()`);
  }
  return async () => {
    const [{ last_value: last, is_called: called }] = await dataSource.query(`SELECT last_value, is_called FROM ${COUNTER}`);
    return called ? Number(last) : 0;
  };
}
