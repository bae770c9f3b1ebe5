import { DataSource } from 'typeorm';

const COUNTER = 'test_rows_written';

/**
 * Counts the rows inserted, updated or deleted in an app's database from now on, to
 * show what a piece of work costs the database. SQLite: the connection's
 * total_changes() (the driver has one connection). PostgreSQL: a sequence that a
 * trigger on every table bumps per row (a sequence, not a counter row, so writers
 * never wait on one another).
 */
export async function countRowsWritten(dataSource: DataSource): Promise<() => Promise<number>> {
  const read = dataSource.options.type === 'postgres' ? await installPostgresCounter(dataSource) : sqliteChanges(dataSource);
  const start = await read();
  return async () => (await read()) - start;
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
