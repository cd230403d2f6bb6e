import type Database from 'better-sqlite3'
import type { IdentityLog, KnownIdentity } from './identities.js'

interface Row {
  user: string
  fingerprint: string
  name: string | null
  seen_at: string
}

const toIdentity = (r: Row): KnownIdentity => ({ user: r.user, fingerprint: r.fingerprint, name: r.name, seenAt: r.seen_at })

/** The identity log in the progress database (table chat_identities, migration 4). */
export class SqliteIdentities implements IdentityLog {
  constructor(private readonly statement: (sql: string) => Database.Statement) {}

  async remember(user: string, fingerprint: string, name: string | null, at: string): Promise<void> {
    this.statement(
      `INSERT INTO chat_identities (user, fingerprint, name, seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user) DO UPDATE SET fingerprint = excluded.fingerprint, name = excluded.name, seen_at = excluded.seen_at`,
    ).run(user, fingerprint, name, at)
  }

  async others(fingerprint: string, user: string): Promise<KnownIdentity[]> {
    const rows = this.statement('SELECT * FROM chat_identities WHERE fingerprint = ? AND user <> ? ORDER BY seen_at DESC').all(
      fingerprint,
      user,
    ) as Row[]
    return rows.map(toIdentity)
  }

  async get(user: string): Promise<KnownIdentity | null> {
    const row = this.statement('SELECT * FROM chat_identities WHERE user = ?').get(user) as Row | undefined
    return row ? toIdentity(row) : null
  }
}
