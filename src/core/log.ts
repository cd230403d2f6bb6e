/**
 * Logging goes to stderr only: stdout of `ask --jsonl` carries answers and nothing else.
 * One line per event: time, level, message, then JSON context.
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
      const extra = context ? ` ${JSON.stringify(context, errorReplacer)}` : ''
      write(`${new Date().toISOString()} ${lvl} ${message}${extra}\n`)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value
}

export const silentLogger: Logger = createLogger('silent')
