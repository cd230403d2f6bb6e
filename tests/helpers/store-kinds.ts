/**
 * The shared store suite runs every test against both stores: a SQLite file in a temporary folder
 * and a real PostgreSQL server started for the test file (scripts/pg-temp-server.ts), each test on
 * a fresh database. Where PostgreSQL is not installed, its half is skipped with a line saying how
 * to install it; CI installs it (.ci/run), so there both halves always run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest'
import { INSTALL_HINT, postgresBin, TempPostgres } from '../../scripts/pg-temp-server.js'
import { PgStore } from '../../src/core/progress/pg-store.js'
import { SqliteStore } from '../../src/core/progress/sqlite-store.js'
import type { ProgressStore } from '../../src/core/progress/store.js'

export type StoreKindName = 'sqlite' | 'postgres'

export class StoreKind {
  private server: TempPostgres | null = null
  private dir = ''
  private databases = 0
  /** The current test's database: a SQLite file, or a PostgreSQL URL. */
  target = ''
  private readonly opened: ProgressStore[] = []

  constructor(readonly name: StoreKindName) {}

  async setup(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), `gzyd-${this.name}-`))
    if (this.name === 'postgres') this.server = await TempPostgres.start()
  }

  /** A new empty database for the next test. */
  async fresh(): Promise<void> {
    const n = ++this.databases
    this.target = this.server ? await this.server.createDatabase(`t${n}`) : join(this.dir, `t${n}`, 'bot.db')
  }

  /** Opens (another connection to) the current test's database; closed after the test. */
  async open(): Promise<ProgressStore> {
    const store = this.name === 'postgres' ? await PgStore.open(this.target) : new SqliteStore(this.target)
    this.opened.push(store)
    return store
  }

  /** A new empty database elsewhere (for tools that copy between two). */
  async another(): Promise<string> {
    const n = ++this.databases
    return this.server ? this.server.createDatabase(`t${n}`) : join(this.dir, `t${n}`, 'bot.db')
  }

  /** A SQLite file path in this kind's temporary folder (a source for tools that copy a store). */
  async sqliteFile(): Promise<string> {
    return join(this.dir, `src${++this.databases}`, 'bot.db')
  }

  async closeAll(): Promise<void> {
    for (const s of this.opened.splice(0)) await s.close()
  }

  async teardown(): Promise<void> {
    await this.closeAll()
    await this.server?.stop()
    rmSync(this.dir, { recursive: true, force: true })
  }

  get postgres(): TempPostgres | null {
    return this.server
  }
}

let hinted = false

/** Runs `body` once per store kind, each in its own describe block with fresh databases. */
export function eachStore(body: (kind: StoreKind) => void, kinds: StoreKindName[] = ['sqlite', 'postgres']): void {
  for (const name of kinds) {
    const missing = name === 'postgres' && !postgresBin()
    // CI installs PostgreSQL (.ci/run): there a missing server is a broken CI, never a skip.
    if (missing && process.env.CI) throw new Error(`CI: ${INSTALL_HINT}`)
    if (missing && !hinted) {
      hinted = true
      process.stderr.write(`${INSTALL_HINT}\n`)
    }
    ;(missing ? describe.skip : describe)(`${name} store`, () => {
      const kind = new StoreKind(name)
      beforeAll(() => kind.setup())
      afterAll(() => kind.teardown())
      beforeEach(() => kind.fresh())
      afterEach(() => kind.closeAll())
      body(kind)
    })
  }
}
