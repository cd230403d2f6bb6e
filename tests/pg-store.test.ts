import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.js'
import { openStore } from '../src/core/progress/open-store.js'
import { PG_MIGRATIONS, PgSchemaTooNewError } from '../src/core/progress/pg-schema.js'
import { PgStore } from '../src/core/progress/pg-store.js'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import { StoreUnavailableError } from '../src/core/progress/store.js'
import { testRuntime } from './helpers/runtime.js'
import { eachStore } from './helpers/store-kinds.js'

/**
 * What only the PostgreSQL store has: versioned migrations in schema_version, a newer schema
 * refused, the audit table append-only in the database itself, synchronous commits; and how BOT_DB
 * chooses the store (a postgres:// URL; any other scheme refused in Chinese, never taken as a file).
 */

async function raw(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  return client
}

describe('BOT_DB chooses the store', () => {
  it('refuses a URL of another scheme at start, in Chinese, naming BOT_DB and hiding the password', () => {
    for (const url of ['mysql://bot:secret@db.example/bot', 'http://127.0.0.1/bot.db', 'sqlite://data/bot.db']) {
      let message = ''
      try {
        loadConfig({ BOT_DB: url }, 'cli')
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toContain('BOT_DB')
      expect(message).toContain('不是本程序支持的数据库')
      expect(message).not.toContain('secret')
    }
    expect(() => loadConfig({ BOT_DB: 'postgres://bot@127.0.0.1/bot' }, 'cli')).not.toThrow()
    expect(() => loadConfig({ BOT_DB: 'data/bot.db' }, 'cli')).not.toThrow()
  })

  it('says in Chinese that a PostgreSQL server cannot be reached, without the password', async () => {
    const error = await openStore('postgres://bot:secret@127.0.0.1:1/bot').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreUnavailableError)
    expect((error as Error).message).toContain('无法连接 BOT_DB 指定的 PostgreSQL 服务器')
    expect((error as Error).message).not.toContain('secret')
  })
})

eachStore(
  (kind) => {
    it('is chosen by a postgres:// BOT_DB, and a file path stays SQLite', async () => {
      const s = await openStore(kind.target)
      expect(s).toBeInstanceOf(PgStore)
      await s.close()
      const dir = mkdtempSync(join(tmpdir(), 'gzyd-choose-'))
      const file = await openStore(join(dir, 'bot.db'))
      expect(file).toBeInstanceOf(SqliteStore)
      await file.close()
      rmSync(dir, { recursive: true, force: true })
    })

    it('answers through the whole bot with BOT_DB set to the server', async () => {
      const r = await testRuntime({ BOT_DB: kind.target, BOT_BINDING_POLICY: 'open' })
      try {
        expect((await r.ask('我是知识产权促进科的')).reply).toContain('已绑定')
        const stored = await r.ask('进度 20 截至6月底发明专利申请量1200件')
        expect(stored.reply).toContain('已记录')
        expect(r.store).toBeInstanceOf(PgStore)
        expect(await r.store.updatesForTask(20)).toHaveLength(1)
      } finally {
        await r.close()
      }
    })

    it('records the schema version, commits synchronously, and refuses a newer schema unchanged', async () => {
      const s = (await kind.open()) as PgStore
      const client = await raw(kind.target)
      try {
        expect((await client.query('SELECT version FROM schema_version')).rows).toEqual([{ version: PG_MIGRATIONS.length }])
        expect(((await s.query('SHOW synchronous_commit')) as { synchronous_commit: string }[])[0]?.synchronous_commit).toBe('on')
        await s.close()
        await client.query('UPDATE schema_version SET version = $1', [PG_MIGRATIONS.length + 1])
        const error = await PgStore.open(kind.target).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(PgSchemaTooNewError)
        expect((error as Error).message).toContain(String(PG_MIGRATIONS.length + 1))
        expect((error as Error).message).toContain('请升级本程序')
        expect((await client.query('SELECT version FROM schema_version')).rows).toEqual([{ version: PG_MIGRATIONS.length + 1 }])
      } finally {
        await client.end()
      }
    })

    it('migrates once when several instances open a new database at the same moment', async () => {
      const stores = await Promise.all([kind.open(), kind.open(), kind.open()])
      expect(stores).toHaveLength(3)
      const client = await raw(kind.target)
      try {
        expect((await client.query('SELECT version FROM schema_version')).rows).toEqual([{ version: PG_MIGRATIONS.length }])
      } finally {
        await client.end()
      }
    })

    it('refuses UPDATE, DELETE and TRUNCATE on the audit table in the database itself', async () => {
      const s = await kind.open()
      await s.audit({ at: '2024-07-01T00:00:00.000Z', user: 'u9', action: 'log_progress', allowed: false, reason: 'not bound' })
      const client = await raw(kind.target)
      try {
        for (const sql of ['UPDATE audit SET allowed = true', 'DELETE FROM audit', 'TRUNCATE audit'])
          await expect(client.query(sql)).rejects.toThrow(/append-only/)
      } finally {
        await client.end()
      }
      expect(await s.auditTrail()).toEqual([
        { at: '2024-07-01T00:00:00.000Z', user: 'u9', action: 'log_progress', allowed: false, reason: 'not bound', detail: undefined },
      ])
    })
  },
  ['postgres'],
)
