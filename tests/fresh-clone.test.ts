import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { terminalUser } from '../src/adapters/cli/terminal-user.js'

/**
 * What a fresh clone needs: no path of one machine in any tracked file, every npm script pointing
 * at a file that exists, `ask --help` answering with usage, one documented terminal user id.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url))

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean)
}

// Built from parts so this file does not match itself.
const MACHINE_PATHS = [`/${'work'}/`, `/${'home'}/`, `/${'Users'}/`, `${'C:'}\\`]

describe('a fresh clone', () => {
  it.skipIf(!existsSync(join(ROOT, '.git')))('names no absolute path of one machine in any tracked file', () => {
    const offenders: string[] = []
    for (const file of trackedFiles()) {
      if (!existsSync(join(ROOT, file)) || /\.(png|jpg|xlsx|docx|pdf|db)$/.test(file)) continue
      const text = readFileSync(join(ROOT, file), 'utf8')
      for (const p of MACHINE_PATHS) if (text.includes(p)) offenders.push(`${file}: ${p}`)
    }
    expect(offenders).toEqual([])
  })

  it('has a file behind every npm script', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    const missing = Object.entries(scripts).flatMap(([name, command]) =>
      [...command.matchAll(/(?:^|\s)((?:src|bench|tests|scripts|\.ci)\/\S+\.(?:ts|mjs|js))/g)]
        .map((m) => m[1] as string)
        .filter((file) => !existsSync(join(ROOT, file)))
        .map((file) => `${name}: ${file}`),
    )
    expect(missing).toEqual([])
  })

  it('prints usage for ask --help, on stdout, exit 0', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/ask.ts', '--help'], { cwd: ROOT, encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain('用法 (usage)')
    expect(run.stdout).toContain('--jsonl')
    expect(run.stdout).toContain(terminalUser().user)
  })

  it('documents the terminal user id for BOT_ADMINS in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    expect(readme).toMatch(/cli:<login name>/)
  })
})
