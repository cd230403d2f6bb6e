/**
 * Bolt (and its Web API client) log through the project's Logger, so everything still goes to
 * stderr in one format. Levels are filtered by our Logger; bolt's own level only decides what it
 * bothers to produce.
 */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt'
import type { Logger, LogLevel as OurLevel } from '../../core/log.js'

const toBolt: Record<OurLevel, LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  silent: LogLevel.ERROR,
}

export function boltLogLevel(level: OurLevel): LogLevel {
  return toBolt[level]
}

export function boltLogger(log: Logger, level: OurLevel): BoltLogger {
  let current = toBolt[level]
  let name = 'bolt'
  const line = (parts: unknown[]): string => parts.map(show).join(' ')
  return {
    debug: (...parts) => log.debug(`${name}: ${line(parts)}`),
    info: (...parts) => log.info(`${name}: ${line(parts)}`),
    warn: (...parts) => log.warn(`${name}: ${line(parts)}`),
    error: (...parts) => log.error(`${name}: ${line(parts)}`),
    setLevel: (next) => {
      current = next
    },
    getLevel: () => current,
    setName: (next) => {
      name = next
    },
  }
}

function show(part: unknown): string {
  if (typeof part === 'string') return part
  if (part instanceof Error) return part.message
  try {
    return JSON.stringify(part) ?? String(part)
  } catch {
    return String(part)
  }
}
