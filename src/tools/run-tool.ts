import { reportFailure } from '../failure.js'

/**
 * Runs a command-line tool's main: its number is the exit code; an error is said in Chinese on
 * stderr (what failed and what to do, no stack: see failure.ts), and exit code 1. Stdout stays for
 * the tool's output.
 */
/** A tool's parsed arguments, or undefined once the parse error and the usage are printed (exit 2). */
export function argsOrUsage<T>(parse: () => T, usage: string): T | undefined {
  try {
    return parse()
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`)
    return undefined
  }
}

export function runTool(main: () => Promise<number>, failure: string): void {
  main().then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      reportFailure(error, failure)
      process.exitCode = 1
    },
  )
}
