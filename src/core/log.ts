/**
 * Logging goes to stderr only: stdout of `ask --jsonl` carries answers and nothing else.
 * One line per event: time, level, message, then JSON context. Secrets never reach a line: a
 * context field named like a secret (token, secret, password, authorization, cookie) is replaced,
 * and Slack tokens (xoxb-…, xapp-…) and dashboard link tokens (?t=…) are cut out of any text,
 * error messages and stacks included. (Why not pino: README「日志」.)
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void
  info(message: string, context?: Record<string, unknown>): void
  warn(message: string, context?: Record<string, unknown>): void
  error(message: string, context?: Record<string, unknown>): void
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const at =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (message: string, context?: Record<string, unknown>): void => {
      if (rank[lvl] < rank[level]) return
      const extra = context ? ` ${JSON.stringify(context, redactingReplacer)}` : ''
      write(`${new Date().toISOString()} ${lvl} ${redact(message)}${extra}\n`)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

const SECRET_KEY = /token|secret|password|passwd|authorization|cookie/i
const SECRET_TEXT = /\b(xox[abposr]|xapp)-[\w-]+|([?&]t=)[\w.-]+/g
export const REDACTED = '[已隐藏]'

/** Text with Slack tokens and dashboard link tokens replaced. */
export function redact(text: string): string {
  return text.replace(SECRET_TEXT, (_whole, kind: string | undefined, query: string | undefined) =>
    kind ? `${kind}-${REDACTED}` : `${query}${REDACTED}`,
  )
}

function redactingReplacer(key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack }
  if (typeof value === 'string') return SECRET_KEY.test(key) ? REDACTED : redact(value)
  return value
}

export const silentLogger: Logger = createLogger('silent')
