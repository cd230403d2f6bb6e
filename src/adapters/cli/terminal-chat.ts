import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import type { Bot } from '../../core/message.js'
import { renderText } from './render-text.js'

/**
 * The terminal chat (`npm start`): readline with in-session history (↑/↓), `help`, and a clean exit
 * on Ctrl-D, `exit` or `quit`. Streams are injected so tests drive it without a terminal.
 */

export interface TerminalOptions {
  bot: Bot
  input: Readable
  output: Writable
  /** Sender id, e.g. cli:alice. */
  user: string
  userName?: string
  /** Show a prompt and the banner (off when input is not a TTY, e.g. piped in tests). */
  interactive?: boolean
  banner?: string
}

const EXIT_WORDS = new Set(['exit', 'quit', '退出', ':q'])

export function runTerminalChat(options: TerminalOptions): Promise<void> {
  const { bot, input, output, user } = options
  const interactive = options.interactive ?? false
  const rl = createInterface({ input, output, terminal: interactive, historySize: 200, prompt: '你> ' })
  if (options.banner) output.write(`${options.banner}\n`)
  let queue = Promise.resolve()
  let counter = 0
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      const text = line.trim()
      if (!text) {
        if (interactive) rl.prompt()
        return
      }
      if (EXIT_WORDS.has(text.toLowerCase())) {
        rl.close()
        return
      }
      counter += 1
      const messageId = `cli-${process.pid}-${Date.now()}-${counter}`
      // Lines are answered strictly in order, even when pasted in a burst.
      queue = queue.then(async () => {
        const reply = await bot.handle({
          text: text === 'help' ? '帮助' : text,
          user,
          userName: options.userName,
          messageId,
          platform: 'cli',
        })
        output.write(`${renderText(reply)}\n\n`)
        if (interactive) rl.prompt()
      })
    })
    rl.on('close', () => {
      void queue.then(() => {
        if (interactive) output.write('\n再见。\n')
        resolve()
      })
    })
    if (interactive) rl.prompt()
  })
}
