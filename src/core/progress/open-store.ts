import type { Logger } from '../log.js'
import { SqliteStore } from './sqlite-store.js'
import type { ProgressStore } from './store.js'
import { isPostgresUrl, unsupportedStoreUrl } from './store-target.js'

/**
 * Opens the store BOT_DB names: PostgreSQL for a postgres:// URL, else the SQLite file (`file` is
 * the already resolved path). A URL of another scheme is refused (config.ts says so at start too).
 */
export async function openStore(target: string, options: { log?: Logger } = {}): Promise<ProgressStore> {
  const refused = unsupportedStoreUrl(target)
  if (refused) throw new Error(refused)
  // pg loads only for a PostgreSQL store: the terminal and one-question runs never need it.
  if (isPostgresUrl(target)) return (await import('./pg-store.js')).PgStore.open(target, options)
  return new SqliteStore(target, options)
}
