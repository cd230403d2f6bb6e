import { hostname } from 'node:os'
import pg from 'pg'
import type { Logger } from '../log.js'
import type { Leadership, Lease } from './leadership.js'
import { LOCKS } from './pg-schema.js'

/**
 * The instance's own database session: one connection, apart from the pool, that holds this
 * instance's lock (LOCKS.instance, id) for as long as the store is open, and the leadership locks
 * it takes. Advisory locks belong to a session, so when the process dies (or the server drops its
 * connection: TCP keepalives are set so a lost machine is noticed within about 25 s) every lock it
 * held is free at once, and other instances take over its inbox entries, replies and leadership.
 *
 * The session is pinged every few seconds; a ping that fails ends it, and every lease is then lost
 * (the door stops its long connection), because the server may already have given the locks away.
 * The store then opens a new session under a new instance id.
 */

const PING_MS = 3_000
const PING_TIMEOUT_MS = 5_000
const KEEPALIVE_OPTIONS = '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3'

export class PgSession implements Leadership {
  private client: pg.Client | null = null
  private ping: NodeJS.Timeout | undefined
  private endSession: () => void = () => {}
  private ended: Promise<void> = Promise.resolve()
  private closed = false
  /** Leadership locks this session holds. */
  private readonly held = new Set<string>()
  /** This instance's id (a row of `instances`); changes when the session is opened again. */
  id = 0

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly log?: Logger,
  ) {}

  async open(): Promise<void> {
    const client = new pg.Client({
      ...this.config,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      options: [this.config.options, KEEPALIVE_OPTIONS].filter(Boolean).join(' '),
    })
    await client.connect()
    const id = (
      await client.query<{ id: number }>('INSERT INTO instances (host, pid, started_at) VALUES ($1, $2, $3) RETURNING id', [
        hostname(),
        process.pid,
        new Date().toISOString(),
      ])
    ).rows[0]?.id as number
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCKS.instance, id])
    this.client = client
    this.id = id
    this.ended = new Promise<void>((resolve) => {
      this.endSession = resolve
    })
    const lose = (why: unknown) => this.lose(client, why)
    client.on('error', lose)
    client.on('end', () => lose('the connection ended'))
    this.ping = setInterval(() => void this.check(client), PING_MS)
    this.ping.unref()
  }

  private async check(client: pg.Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        client.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)
        }),
      ])
    } catch (error) {
      this.lose(client, error)
    } finally {
      clearTimeout(timer)
    }
  }

  /** The session is gone: every lease is lost; a new session (new id) is opened unless closing. */
  private lose(client: pg.Client, why: unknown): void {
    if (this.client !== client) return
    this.client = null
    this.held.clear()
    clearInterval(this.ping)
    this.endSession()
    void client.end().catch(() => {})
    if (this.closed) return
    this.log?.error('store: the instance session to PostgreSQL ended; its locks are free for other instances. Reconnecting', {
      error: why,
    })
    void this.reopen()
  }

  private async reopen(): Promise<void> {
    while (!this.closed && !this.client) {
      try {
        await this.open()
        this.log?.info('store: instance session reopened', { instance: this.id })
      } catch (error) {
        this.log?.warn('store: could not reopen the instance session; trying again in 5 s', { error })
        await new Promise((resolve) => setTimeout(resolve, 5_000).unref())
      }
    }
  }

  async tryAcquire(name: string): Promise<Lease | null> {
    const client = this.client
    // Advisory locks are re-entrant within a session: this instance holding `name` must hear no too.
    if (!client || this.held.has(name)) return null
    const got = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCKS.leader, name])).rows[0]
      ?.ok
    if (!got) return null
    this.held.add(name)
    let released = false
    return {
      name,
      lost: this.ended,
      release: async () => {
        if (released) return
        released = true
        this.held.delete(name)
        if (this.client !== client) return
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCKS.leader, name]).catch(() => {})
      },
    }
  }

  async close(): Promise<void> {
    this.closed = true
    const client = this.client
    this.client = null
    clearInterval(this.ping)
    this.endSession()
    if (!client) return
    // The row only names the instance; its lock is what others go by. Forgetting it keeps the table short.
    await client.query('DELETE FROM instances WHERE id = $1', [this.id]).catch(() => {})
    await client.end().catch(() => {})
  }
}
