import { format } from 'node:util'
import type { Logger } from '../../core/log.js'

/**
 * Some SDKs write to `console` (dingtalk-stream prints 「connect success」 with console.info, which
 * goes to stdout). While a door that uses one runs, every console method goes through our Logger
 * instead: one format, stderr only, filtered by LOG_LEVEL. log/info/debug become debug lines (the
 * door logs what matters itself); warn and error stay warnings. Reference-counted, so two doors in
 * one process (tests) share one routing and the last to stop restores the console.
 */

type Method = 'log' | 'info' | 'debug' | 'warn' | 'error'
const METHODS: Method[] = ['log', 'info', 'debug', 'warn', 'error']

let saved: Pick<Console, Method> | undefined
let users = 0
let target: { log: Logger; prefix: string } | undefined

export function routeConsole(log: Logger, prefix: string): () => void {
  target = { log, prefix }
  if (users++ === 0) {
    saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error }
    for (const method of METHODS) {
      console[method] = (...parts: unknown[]) => {
        if (!target) return
        const line = `${target.prefix}: ${format(...parts)}`
        if (method === 'warn' || method === 'error') target.log.warn(line)
        else target.log.debug(line)
      }
    }
  }
  let released = false
  return () => {
    if (released) return
    released = true
    if (--users === 0 && saved) {
      Object.assign(console, saved)
      saved = undefined
      target = undefined
    }
  }
}
