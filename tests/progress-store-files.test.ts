import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { boot, type Runtime } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { createLogger } from '../src/core/log.js'
import { StoreFileError } from '../src/core/progress/sqlite-open.js'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import { StoreUnavailableError } from '../src/core/progress/store.js'

/**
 * The store and its file: a write is acknowledged only into the file at BOT_DB, an update and its
 * audit row commit together, and a file that is empty, not a database or damaged is refused at
 * start with a message that names it and says how to restore it.
 */

let dir: string
let file: string
const runtimes: Runtime[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gzyd-files-'))
  file = join(dir, 'data', 'bot.db')
})
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close()
  rmSync(dir, { recursive: true, force: true })
})

async function start(): Promise<Runtime & { logged: string[] }> {
  const logged: string[] = []
  const config = loadConfig({ BOT_DB: file, BOT_EXPORT_DIR: join(dir, 'exports'), LOG_LEVEL: 'debug' }, 'cli')
  const runtime = await boot(config, { log: createLogger('debug', (line) => logged.push(line)) })
  runtimes.push(runtime)
  return { ...runtime, logged }
}

const say = (r: Runtime, text: string, messageId?: string) =>
  r.bot.handle({ text, user: 'cli:alice', platform: 'cli', ...(messageId ? { messageId } : {}) })

function rowsIn(path: string, table: string): number {
  const db = new Database(path, { readonly: true })
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('never 已记录 for data that goes nowhere', () => {
  it('refuses an update after the database folder was removed, and logs an error naming the file', async () => {
    const r = await start()
    await say(r, '我是知识产权促进科的')
    rmSync(join(dir, 'data'), { recursive: true, force: true })
    const reply = await say(r, '进度 20 发明专利申请量1200件', 'm1')
    expect(reply.reply).not.toContain('已记录：')
    expect(reply.reply).toContain('数据库暂时不可用，这条内容未记录')
    expect(reply.progress).toBeUndefined()
    expect(r.logged.join('\n')).toMatch(new RegExp(`error.*${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*no longer exists`, 's'))
  })

  it('refuses a binding after the database folder was removed, saying nothing was recorded', async () => {
    const r = await start()
    rmSync(join(dir, 'data'), { recursive: true, force: true })
    const reply = await say(r, '我是知识产权促进科的')
    expect(reply.reply).toContain('数据库暂时不可用，这条内容未记录')
    expect(reply.reply).not.toContain('已绑定')
  })

  it('refuses an update after the file was replaced by mv, and the file at BOT_DB holds nothing new', async () => {
    const r = await start()
    await say(r, '我是知识产权促进科的')
    const other = new SqliteStore(join(dir, 'other.db'))
    await other.close()
    renameSync(join(dir, 'other.db'), file)
    const reply = await say(r, '进度 20 发明专利申请量1200件', 'm1')
    expect(reply.reply).not.toContain('已记录：')
    expect(rowsIn(file, 'updates')).toBe(0)
  })

  it('throws StoreUnavailableError with a polite Chinese reply from the store itself', async () => {
    const store = new SqliteStore(file)
    try {
      rmSync(file)
      await expect(
        store.putBinding({ user: 'u', unit: 'x', status: 'approved', userName: null, requestedAt: 'now', approvedBy: null }),
      ).rejects.toThrow(StoreUnavailableError)
      const error = new StoreUnavailableError(file, 'gone')
      expect(error.reply).toContain('未记录')
    } finally {
      await store.close()
    }
  })

  it('writes the audit row in the same transaction: when the audit write fails, the update is not stored', async () => {
    const r = await start()
    await say(r, '我是知识产权促进科的')
    const db = new Database(file)
    db.exec(
      `CREATE TRIGGER audit_full BEFORE INSERT ON audit WHEN NEW.action = 'log_progress' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
    )
    db.close()
    const reply = await say(r, '进度 20 发明专利申请量1200件', 'm1')
    expect(reply.reply).not.toContain('已记录：')
    expect(rowsIn(file, 'updates')).toBe(0)
  })

  it('stores the update and its audit row together, the audit naming the update id', async () => {
    const r = await start()
    await say(r, '我是知识产权促进科的')
    const reply = await say(r, '进度 20 发明专利申请量1200件', 'm1')
    const entry = (await r.store.auditTrail(5)).find((e) => e.action === 'log_progress')
    expect(entry).toMatchObject({
      allowed: true,
      reason: 'unit on task',
      detail: { task: 20, unit: '知识产权促进科', id: reply.progress?.id },
    })
  })
})

describe('bad database files are named, never reset', () => {
  it('refuses an existing 0-byte file, naming it and the backup command, and leaves it at 0 bytes', () => {
    mkdirSync(join(dir, 'data'))
    writeFileSync(file, '')
    expect(() => new SqliteStore(file)).toThrow(StoreFileError)
    try {
      new SqliteStore(file)
    } catch (error) {
      expect((error as Error).message).toContain(file)
      expect((error as Error).message).toContain('0 字节')
      expect((error as Error).message).toContain('npm run backup')
      expect((error as Error).message).toContain('请用最近的备份恢复')
    }
    expect(statSync(file).size).toBe(0)
  })

  it('refuses a file that is not a database, unchanged', () => {
    mkdirSync(join(dir, 'data'))
    writeFileSync(file, 'not a database '.repeat(500))
    expect(() => new SqliteStore(file)).toThrow(/不是 SQLite 数据库.*请用最近的备份恢复/)
    expect(readFileSync(file, 'utf8')).toBe('not a database '.repeat(500))
  })

  it('refuses a damaged database that PRAGMA quick_check rejects', () => {
    const db = new Database(join(dir, 'seed.db'))
    db.exec('CREATE TABLE t (x TEXT); CREATE INDEX t_x ON t (x)')
    const insert = db.prepare('INSERT INTO t VALUES (?)')
    // One transaction: 2,000 separate commits take half a minute on a busy disk.
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${'x'.repeat(50)}`)
    })()
    db.close()
    const bytes = readFileSync(join(dir, 'seed.db'))
    // Scribble over the middle of the file: b-tree pages, not the header.
    bytes.fill(0x5a, 4096 * 10 + 8, 4096 * 10 + 400)
    mkdirSync(join(dir, 'data'))
    writeFileSync(file, bytes)
    expect(() => new SqliteStore(file)).toThrow(/quick_check|已损坏/)
    expect(readFileSync(file).equals(bytes)).toBe(true)
  })

  it('refuses at boot too, so the bot does not start on a bad file', async () => {
    mkdirSync(join(dir, 'data'))
    writeFileSync(file, '')
    await expect(start()).rejects.toThrow(/0 字节/)
  })
})
