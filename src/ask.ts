import { jsonLines, typedValue } from './adapters/cli/json-lines.js'
import { machineJson } from './adapters/cli/machine-json.js'
import { renderText, toMachineAnswer } from './adapters/cli/render-text.js'
import { terminalUser } from './adapters/cli/terminal-user.js'
import { boot } from './boot.js'
import { loadConfig } from './config.js'
import type { Bot, BotReply, IncomingMessage } from './core/message.js'
import { reportFailure } from './failure.js'

/**
 * The machine interface (see DESIGN.md):
 *   npm run --silent ask -- "问题"          the reply text
 *   npm run --silent ask -- --json "问题"   one JSON answer
 *   npm run --silent ask -- --jsonl         one JSON object per stdin line → one JSON answer per line
 * stdout carries answers only; logs go to stderr.
 */

const USAGE = `用法 (usage):
  npm run --silent ask -- "问题"            回答一个问题，输出文字 (answer one question as text)
  npm run --silent ask -- --json "问题"     输出一行 JSON (one JSON answer)
  npm run --silent ask -- --jsonl < 文件    每行输入 {"text": "...", "user": "u1", "channel": "c1", "id": "m1"}，
                                           每行输出一个 JSON 回答 (one JSON answer per input line)
  npm run --silent ask -- --help            显示本说明 (this help)
未指定 user 时，发送者为 ${terminalUser().user}（与 npm start 相同；写入 BOT_ADMINS 即为管理员）。
环境变量 (environment): BOT_DB 数据库文件，BOT_SEEDS 工作要点文件夹；详见 README。`

// A reader that goes away (head, a closed pipe) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

async function main(): Promise<number> {
  const args = process.argv.slice(2)
  if (args[0] === '--help' || args[0] === '-h') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (args.length === 0 || (args[0]?.startsWith('--') && !['--json', '--jsonl'].includes(args[0]))) {
    process.stderr.write(`${args.length ? `未知选项 (unknown option) ${args[0]}\n` : ''}${USAGE}\n`)
    return 2
  }
  const config = loadConfig(process.env, 'cli')
  const runtime = await boot(config)
  try {
    if (args[0] === '--jsonl') await answerLines(runtime.bot)
    else {
      const json = args[0] === '--json'
      const text = (json ? args.slice(1) : args).join(' ')
      const reply = await runtime.bot.handle({ text, user: terminalUser().user, platform: 'jsonl' })
      process.stdout.write(`${json ? machineJson(toMachineAnswer(reply)) : renderText(reply)}\n`)
    }
    return 0
  } finally {
    await runtime.close()
  }
}

class LineError extends Error {}

/**
 * One input line → the message for the core. Ids are strings: a number would be rounded by JSON
 * (12345678901234567890 and 12345678901234567891 are the same double) and two messages would share
 * one id, so a non-string id is refused rather than converted.
 */
function messageFromLine(line: string): IncomingMessage {
  let input: { text?: unknown; user?: unknown; channel?: unknown; id?: unknown }
  try {
    input = JSON.parse(line)
  } catch (error) {
    throw new LineError(`不是合法的 JSON：${(error as Error).message}`)
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new LineError('每行应为一个 JSON 对象')
  if (typeof input.text !== 'string') throw new LineError('"text" 必须是字符串')
  for (const field of ['user', 'channel', 'id'] as const) {
    const value = input[field]
    if (value === undefined || value === null || typeof value === 'string') continue
    // Echo what was typed: String(1e999) is "Infinity", and a long number comes back rounded.
    const typed = typedValue(line, field, value)
    const example = typed === undefined ? '' : `，例如 "${field}": "${typed}"`
    throw new LineError(`"${field}" 必须是字符串（加上引号${example}），以免数字被舍入后与其他消息混淆`)
  }
  return {
    text: input.text,
    user: typeof input.user === 'string' && input.user ? input.user : terminalUser().user,
    ...(typeof input.channel === 'string' ? { channel: input.channel } : {}),
    ...(typeof input.id === 'string' && input.id ? { messageId: input.id } : {}),
    platform: 'jsonl',
  }
}

async function answerLines(bot: Bot): Promise<void> {
  for await (const line of jsonLines(process.stdin)) {
    if (!line.trim()) continue
    let reply: BotReply
    try {
      reply = await bot.handle(messageFromLine(line))
    } catch (error) {
      if (!(error instanceof LineError)) throw error
      reply = {
        intent: 'error',
        reply: `无法读取这一行输入，未做任何处理（需要 {"text": "..."} 形式的 JSON）：${error.message}`,
        tasks: [],
      }
    }
    process.stdout.write(`${machineJson(toMachineAnswer(reply))}\n`)
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    reportFailure(error, '回答')
    process.exitCode = 1
  },
)
