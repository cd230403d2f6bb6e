import { ConfigError } from './config.js'
import { createLogger, type Logger, type LogLevel } from './core/log.js'
import { SeedsFolderError } from './core/plan/load-seeds.js'
import { PlanReadError } from './core/plan/read/errors.js'
import { PgSchemaTooNewError } from './core/progress/pg-schema.js'
import { StoreFileError, StoreFolderError } from './core/progress/sqlite-open.js'
import { DatabaseTooNewError } from './core/progress/sqlite-schema.js'
import { StoreUnavailableError } from './core/progress/store.js'

/**
 * What an operator sees when a program stops: the Chinese message of an error that says what to
 * fix (a setting, a file, a folder, a port, the database), or, for anything unforeseen, one Chinese
 * line with the error's own words and where to find more. Never a stack trace on the screen: the
 * stack goes to the log at debug level (LOG_LEVEL=debug shows it).
 */

/** A port the door cannot listen on: in use, privileged, or not an address of this machine. */
export class PortError extends Error {
  constructor(port: number, variable: string, code: string | undefined) {
    super(
      code === 'EADDRINUSE'
        ? `端口 ${port} 已被占用（${variable}）：可能机器人已经在运行，或另一个程序占用了它。请停止那个程序（ss -ltnp | grep :${port} 可查），或把 ${variable} 改为其他端口。`
        : code === 'EACCES'
          ? `没有权限监听端口 ${port}（${variable}）：1024 以下的端口需要特权。请改用 1024 以上的端口，由 HTTPS 反向代理转发。`
          : `无法监听端口 ${port}（${variable}，${code ?? '未知错误'}）：请检查该端口和本机网络设置，或把 ${variable} 改为其他端口。`,
    )
    this.name = 'PortError'
  }
}

/** A listen failure as a PortError when it is one of the usual causes; other errors as they are. */
export function listenError(error: unknown, port: number, variable: string): unknown {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' ? new PortError(port, variable, code) : error
}

const KNOWN = [
  ConfigError,
  PortError,
  StoreFileError,
  StoreFolderError,
  DatabaseTooNewError,
  PgSchemaTooNewError,
  StoreUnavailableError,
  SeedsFolderError,
  PlanReadError,
]

/** The text to print for a failure of `what` (「启动」, 「备份」…). */
export function failureText(error: unknown, what: string): string {
  if (KNOWN.some((kind) => error instanceof kind)) return (error as Error).message
  const reason = error instanceof Error ? error.message : String(error)
  return `${what}失败：${reason}。如需详细信息，请设置 LOG_LEVEL=debug 后重试，并把日志交给技术支持。`
}

/** Prints the failure on stderr (no stack) and the stack to the log at debug level. */
export function reportFailure(error: unknown, what: string, log: Logger = envLogger()): void {
  log.debug(`${what}失败`, { error })
  process.stderr.write(`${failureText(error, what)}\n`)
}

/** A logger at LOG_LEVEL as the environment has it (config may be what failed). */
function envLogger(): Logger {
  const level = process.env.LOG_LEVEL
  return createLogger(['debug', 'info', 'warn', 'error', 'silent'].includes(level ?? '') ? (level as LogLevel) : 'info')
}

/**
 * For the long-running doors: a promise rejected inside a platform SDK's callback with nobody to
 * catch it is logged once with its stack and the door keeps serving, instead of Node ending the
 * process (its default since Node 15). Errors thrown synchronously still end it (systemd restarts).
 */
export function keepServingOnRejection(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.error('a promise was rejected with nobody to handle it (most likely inside a chat SDK callback); the door keeps serving', {
      error: reason,
    })
  })
}
