/**
 * Runs a command-line tool's main: its number is the exit code; an error is one line on stderr,
 * prefixed with what failed, and exit code 1. Stdout stays for the tool's output.
 */
export function runTool(main: () => Promise<number>, failure: string): void {
  main().then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(`${failure}: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    },
  )
}
