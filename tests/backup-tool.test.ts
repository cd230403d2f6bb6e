import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'

/** `npm run backup -- FILE` (src/tools/backup.ts) as a process, while another process writes. */

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'gzyd-backup-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Result {
  code: number | null
  stdout: string
  stderr: string
}

function run(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): { done: Promise<Result>; onLine(f: (line: string) => void): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, ...env } })
  let stdout = ''
  let pending = ''
  let stderr = ''
  const listeners: ((line: string) => void)[] = []
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk
    const lines = (pending + chunk).split('\n')
    pending = lines.pop() ?? ''
    for (const l of lines) for (const f of listeners) f(l)
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const done = new Promise<Result>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
  return { done, onLine: (f) => listeners.push(f) }
}

function count(file: string): number {
  const db = new Database(file, { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM updates').get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('npm run backup', () => {
  it('prints usage and exits 2 without FILE', async () => {
    const r = await run('src/tools/backup.ts', [], { BOT_DB: join(dir, 'none.db') }).done
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('usage: npm run backup -- FILE')
    expect(r.stdout).toBe('')
  })

  it('exits 1 when there is no database to back up, creating nothing', async () => {
    const r = await run('src/tools/backup.ts', [join(dir, 'x.db')], { BOT_DB: join(dir, 'missing.db') }).done
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(join(dir, 'missing.db'))
    expect(existsSync(join(dir, 'missing.db'))).toBe(false)
    expect(existsSync(join(dir, 'x.db'))).toBe(false)
  })

  it('backs up online while another process writes; the copy passes integrity_check', async () => {
    const db = join(dir, 'live.db')
    const target = join(dir, 'copies', 'live-backup.db')
    const writer = run('tests/helpers/store-writer.ts', [db, '1000', 'live'])
    let acked = 0
    const started = new Promise<number>((resolve) =>
      writer.onLine(() => {
        acked++
        if (acked === 50) resolve(acked)
      }),
    )
    const before = await started
    const backup = await run('src/tools/backup.ts', [target], { BOT_DB: db }).done
    const written = await writer.done
    expect(written.code).toBe(0)
    expect(backup).toEqual({ code: 0, stdout: `backup: ${target}\nintegrity_check: ok\n`, stderr: '' })
    const copied = count(target)
    expect(copied).toBeGreaterThanOrEqual(before)
    expect(copied).toBeLessThanOrEqual(1000)
    expect(existsSync(`${target}-wal`)).toBe(false)
    const store = new SqliteStore(db)
    try {
      expect(await store.liveUpdates()).toHaveLength(1000)
      expect(store.integrityCheck()).toBe('ok')
    } finally {
      await store.close()
    }
  })
})
