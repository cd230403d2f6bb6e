import pg from 'pg'
import { StoreUnavailableError } from './store.js'
import { redactUrl } from './store-target.js'

/**
 * The pool of connections a PostgreSQL store works through, and its one way to run work in a
 * transaction. A connection that fails (the server is down or unreachable) becomes a
 * StoreUnavailableError naming the server, so the user hears 「未记录」 and nothing was stored.
 */

/** Runs one statement; the rows come back typed as the caller says. */
export type Query = <R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>

/** Every connection commits synchronously: COMMIT returns only once the server has flushed it. */
export const DURABLE_OPTIONS = '-c synchronous_commit=on'

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
])

export function unavailable(error: unknown, url: string): unknown {
  const code = (error as { code?: string }).code ?? ''
  const message = error instanceof Error ? error.message : String(error)
  if (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith('08') ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(message)
  )
    return new StoreUnavailableError(redactUrl(url), `cannot be reached (${message})`)
  return error
}

export class PgPool {
  readonly pool: pg.Pool

  constructor(
    readonly url: string,
    max = 10,
  ) {
    this.pool = new pg.Pool({
      connectionString: url,
      max,
      options: DURABLE_OPTIONS,
      connectionTimeoutMillis: 10_000,
      application_name: 'gzyd-bot',
    })
    // An idle connection the server closed: the pool drops it; the next query opens another.
    this.pool.on('error', () => {})
  }

  /** One statement outside a transaction (reads, and single-statement writes, which commit by themselves). */
  readonly query: Query = async (sql, params) => {
    try {
      return (await this.pool.query(sql, params)).rows
    } catch (error) {
      throw unavailable(error, this.url)
    }
  }

  /** `work` in one transaction on one connection: committed before the promise resolves, else rolled back. */
  async tx<T>(work: (query: Query) => Promise<T>): Promise<T> {
    let client: pg.PoolClient
    try {
      client = await this.pool.connect()
    } catch (error) {
      throw unavailable(error, this.url)
    }
    let broken = false
    try {
      await client.query('BEGIN')
      const result = await work(async (sql, params) => (await client.query(sql, params)).rows)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true
      })
      throw unavailable(error, this.url)
    } finally {
      client.release(broken)
    }
  }

  end(): Promise<void> {
    return this.pool.end()
  }
}

/** Why the server cannot be used at start, in Chinese for the operator, naming BOT_DB; no stack trace. */
export function startupError(error: unknown, url: string): unknown {
  const code = (error as { code?: string }).code ?? ''
  const message = error instanceof Error ? error.message : String(error)
  const server = redactUrl(url)
  const say = (what: string) => new StoreUnavailableError(server, `cannot be used at start (${message}). ${what}`)
  if (code === '28P01' || code === '28000') return say('BOT_DB 中的用户名或密码不被 PostgreSQL 接受，请检查。')
  if (code === '3D000') return say('BOT_DB 指定的数据库不存在，请先建库（createdb 库名），或改正 BOT_DB 中的库名。')
  const mapped = unavailable(error, url)
  if (mapped instanceof StoreUnavailableError)
    return say('无法连接 BOT_DB 指定的 PostgreSQL 服务器，请检查地址、端口和网络，以及服务器是否在运行。')
  return error
}
