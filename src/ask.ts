import { createInterface } from 'node:readline'
import { renderText, toMachineAnswer } from './adapters/cli/render-text.js'
import { boot } from './boot.js'
import { loadConfig } from './config.js'
import type { BotReply } from './core/message.js'

/**
 * The machine interface (see DESIGN.md):
 *   npm run --silent ask -- "问题"          the reply text
 *   npm run --silent ask -- --json "问题"   one JSON answer
 *   npm run --silent ask -- --jsonl         one JSON object per stdin line → one JSON answer per line
 * stdout carries answers only; logs go to stderr.
 */

const DEFAULT_USER = `cli:${process.env.USER ?? 'local'}`

// A reader that goes away (head, a closed pipe) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const config = loadConfig(process.env, 'cli')
  const runtime = await boot(config)
  try {
    if (args[0] === '--jsonl') await answerLines(runtime.bot)
    else {
      const json = args[0] === '--json'
      const text = (json ? args.slice(1) : args).join(' ')
      const reply = await runtime.bot.handle({ text, user: DEFAULT_USER, platform: 'jsonl' })
      process.stdout.write(`${json ? JSON.stringify(toMachineAnswer(reply)) : renderText(reply)}\n`)
    }
  } finally {
    runtime.close()
  }
}

async function answerLines(bot: { handle: (m: Parameters<import('./core/message.js').Bot['handle']>[0]) => Promise<BotReply> }) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })
  for await (const line of rl) {
    if (!line.trim()) continue
    let reply: BotReply
    try {
      const input = JSON.parse(line) as { text?: unknown; user?: unknown; channel?: unknown; id?: unknown }
      if (typeof input.text !== 'string') throw new Error('text must be a string')
      reply = await bot.handle({
        text: input.text,
        user: typeof input.user === 'string' && input.user ? input.user : DEFAULT_USER,
        channel: typeof input.channel === 'string' ? input.channel : undefined,
        messageId: typeof input.id === 'string' || typeof input.id === 'number' ? String(input.id) : undefined,
        platform: 'jsonl',
      })
    } catch (error) {
      reply = { intent: 'error', reply: `无法读取这一行输入（需要 {"text": "..."} 形式的 JSON）：${(error as Error).message}`, tasks: [] }
    }
    process.stdout.write(`${JSON.stringify(toMachineAnswer(reply))}\n`)
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
