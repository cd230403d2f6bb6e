import Database from 'better-sqlite3'

/**
 * What the delivery log of a SQLite database holds, read straight from the file: inbox entries not
 * finished and replies not sent, whoever holds them. Tests look here instead of asking the store,
 * whose openMessages / unsentReplies take over what they return.
 */
export function deliveryRows(dbPath: string): { open: string[]; unsent: string[] } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    const open = db.prepare('SELECT key FROM inbox WHERE done_at IS NULL ORDER BY received_at, key').all() as { key: string }[]
    const unsent = db.prepare('SELECT inbox_key FROM outbox WHERE sent_at IS NULL ORDER BY id').all() as { inbox_key: string }[]
    return { open: open.map((r) => r.key), unsent: unsent.map((r) => r.inbox_key) }
  } finally {
    db.close()
  }
}
