import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * The compiled build that `npm start`, `npm run ask` and the chat doors run on: scripts/launch.mjs
 * builds dist/ when it is missing or stale (no extra step after `npm install`), then runs the entry
 * with plain node; stdout still carries only the answer.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'gzyd-dist-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const launch = (args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts', 'launch.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, BOT_DB: join(dir, 'bot.db'), LOG_LEVEL: 'error' },
    timeout: 120_000,
  })

describe('scripts/launch.mjs', () => {
  it('answers ask --json from dist/ with plain node, one JSON line on stdout', () => {
    const run = launch(['ask', '--json', '商标工作谁牵头？'])
    expect(run.status, run.stderr).toBe(0)
    const lines = run.stdout.split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ intent: 'lead' })
    expect(existsSync(join(ROOT, 'dist', 'ask.js'))).toBe(true)
    expect(existsSync(join(ROOT, 'dist', '.build-stamp'))).toBe(true)
  }, 150_000)

  it('passes arguments through as if the entry ran directly', () => {
    const run = launch(['ask', '--help'])
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain('用法 (usage)')
  }, 150_000)

  it('refuses an entry that is not a file of src/', () => {
    const run = launch(['../package'])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('usage: node scripts/launch.mjs')
  })
})
