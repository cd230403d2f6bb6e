import type { IdentityLog, KnownIdentity } from './identities.js'
import type { Query } from './pg-client.js'
import { pgText } from './pg-rows.js'

interface Row {
  user_id: string
  fingerprint: string
  name: string | null
  seen_at: string
}

const toIdentity = (r: Row): KnownIdentity => ({ user: r.user_id, fingerprint: r.fingerprint, name: r.name, seenAt: r.seen_at })

/** The identity log in PostgreSQL (table chat_identities). */
export class PgIdentities implements IdentityLog {
  constructor(private readonly query: Query) {}

  async remember(user: string, fingerprint: string, name: string | null, at: string): Promise<void> {
    await this.query(
      `INSERT INTO chat_identities (user_id, fingerprint, name, seen_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET fingerprint = excluded.fingerprint, name = excluded.name, seen_at = excluded.seen_at`,
      [pgText(user), pgText(fingerprint), pgText(name), at],
    )
  }

  async others(fingerprint: string, user: string): Promise<KnownIdentity[]> {
    const rows = await this.query<Row>('SELECT * FROM chat_identities WHERE fingerprint = $1 AND user_id <> $2 ORDER BY seen_at DESC', [
      fingerprint,
      user,
    ])
    return rows.map(toIdentity)
  }

  async get(user: string): Promise<KnownIdentity | null> {
    const [row] = await this.query<Row>('SELECT * FROM chat_identities WHERE user_id = $1', [user])
    return row ? toIdentity(row) : null
  }
}
