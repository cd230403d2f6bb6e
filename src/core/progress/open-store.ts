import type { Logger } from '../log.js'
import { PgStore } from './pg-store.js'
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
  if (isPostgresUrl(target)) return PgStore.open(target, options)
  return new SqliteStore(target, options)
}
