import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'

/**
 * `npm run backup -- FILE` on a large database (~37 MB) while another process keeps logging 20
 * updates a second: it finishes, holds every update acknowledged before it began, and leaves only
 * the finished file in the target folder (written beside it, then renamed).
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'gzyd-backup-load-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function spawnTs(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c
  })
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c
  })
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  )
  return { child, done, acked: () => stdout.split('\n').filter((l) => /^\d+$/.test(l)).length }
}

function sourceIds(file: string): Set<string> {
  const db = new Database(file, { readonly: true })
  try {
    return new Set(
      (db.prepare('SELECT source_id FROM updates WHERE source_id IS NOT NULL').all() as { source_id: string }[]).map((r) => r.source_id),
    )
  } finally {
    db.close()
  }
}

describe('npm run backup under load', () => {
  it('finishes on a 37 MB database under 20 updates/s, never shows a partial target, and holds every update acknowledged before it began', async () => {
    const db = join(dir, 'big.db')
    await new SqliteStore(db).close() // the schema, then 10,000 rows in one transaction (fast to seed)
    const seed = new Database(db)
    const insert = seed.prepare(
      `INSERT INTO updates (task, unit, user, text, figures, done, source_id, at) VALUES (?, '知识产权促进科', 'seed', ?, '[]', 0, ?, ?)`,
    )
    const filler = 'x'.repeat(3700)
    seed.transaction(() => {
      for (let i = 0; i < 10_000; i++) insert.run((i % 64) + 1, `${i} ${filler}`, `seed:${i}`, new Date(0).toISOString())
    })()
    seed.close()
    expect(statSync(db).size).toBeGreaterThan(36e6)

    const writer = spawnTs('tests/helpers/store-writer.ts', [db, '100000', 'load', '20'])
    while (writer.acked() < 10) await new Promise((r) => setTimeout(r, 50))
    const ackedBefore = writer.acked()
    const target = join(dir, 'copies', 'big-backup.db')
    const started = Date.now()
    const backup = spawnTs('src/tools/backup.ts', [target], { BOT_DB: db })
    const timer = setTimeout(() => backup.child.kill('SIGKILL'), 60_000)
    // Whenever the target can be seen, it must be the finished file, never one still being written.
    const seenSizes = new Set<number>()
    const watch = setInterval(() => {
      if (existsSync(target)) seenSizes.add(statSync(target).size)
    }, 2)
    const result = await backup.done
    clearInterval(watch)
    clearTimeout(timer)
    const elapsed = Date.now() - started
    const stillWriting = writer.child.exitCode === null
    writer.child.kill('SIGTERM')
    await writer.done

    expect(result.code, `${result.stderr} after ${elapsed} ms`).toBe(0)
    expect(result.stdout).toContain('integrity_check: ok')
    expect(stillWriting).toBe(true)
    expect(readdirSync(join(dir, 'copies'))).toEqual(['big-backup.db'])
    expect([...seenSizes].filter((size) => size !== statSync(target).size)).toEqual([])
    const copied = sourceIds(target)
    for (let i = 0; i < 10_000; i += 997) expect(copied.has(`seed:${i}`)).toBe(true)
    for (let i = 0; i < ackedBefore; i++) expect(copied.has(`load:${i}`)).toBe(true)
  }, 120_000)
})
