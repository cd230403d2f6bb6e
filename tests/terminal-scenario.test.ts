import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { runTerminalChat } from '../src/adapters/cli/terminal-chat.js'
import { boot, type Runtime } from '../src/boot.js'
import { loadConfig } from '../src/config.js'

/**
 * The shared progress scenario (../shared/eval/dev-scenario.jsonl) played through the terminal
 * adapter: each step is typed into a terminal session of its user, a restart step boots a new
 * runtime on the same database, and every printed answer meets the scenario's expectations and
 * equals what the core answers directly on a second database fed the same steps.
 */

interface Step {
  text?: string
  user?: string
  restart?: boolean
  expect?: { reply_has?: string[]; reply_lacks?: string[] }
}

const SCENARIO = new URL('../../shared/eval/dev-scenario.jsonl', import.meta.url)
const dir = mkdtempSync(join(tmpdir(), 'gzyd-terminal-scenario-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function start(db: string): Promise<Runtime> {
  return boot(loadConfig({ BOT_DB: join(dir, db), BOT_EXPORT_DIR: join(dir, 'exports'), LOG_LEVEL: 'silent' }, 'cli'))
}

async function typeInTerminal(runtime: Runtime, user: string, text: string): Promise<string> {
  const input = new PassThrough()
  const output = new PassThrough()
  let printed = ''
  output.on('data', (chunk) => {
    printed += String(chunk)
  })
  const done = runTerminalChat({ bot: runtime.bot, input, output, user })
  input.end(`${text}\n`)
  await done
  return printed.trim()
}

describe.skipIf(!existsSync(SCENARIO))('the shared scenario through the terminal', () => {
  it('meets every expectation and matches the core answer for answer', async () => {
    const steps = readFileSync(SCENARIO, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Step)
    let terminal = await start('terminal.db')
    let direct = await start('direct.db')
    try {
      for (const step of steps) {
        if (step.restart) {
          await terminal.close()
          await direct.close()
          terminal = await start('terminal.db')
          direct = await start('direct.db')
          continue
        }
        const user = step.user ?? 'cli:someone'
        const printed = await typeInTerminal(terminal, user, step.text ?? '')
        const core = await direct.bot.handle({ text: step.text ?? '', user, platform: 'cli' })
        const stable = (s: string) => s.replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, '<time>')
        expect(stable(printed)).toBe(stable(core.reply))
        for (const part of step.expect?.reply_has ?? []) expect(printed).toContain(part)
        for (const part of step.expect?.reply_lacks ?? []) expect(printed).not.toContain(part)
      }
    } finally {
      await terminal.close()
      await direct.close()
    }
  })
})
