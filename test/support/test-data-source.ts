import { DataSource } from 'typeorm';
import { dataSourceOptionsFor } from '../../apps/picsweb/src/database/database-url';
import { ENTITIES, MIGRATIONS } from '../../apps/picsweb/src/database/schema';

/** A DataSource on the app's schema lists, not yet migrated. */
export async function openDataSource(url: string): Promise<DataSource> {
  return new DataSource(dataSourceOptionsFor(url, ENTITIES, MIGRATIONS)).initialize();
}
