import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../src/boot.js'

/** Child processes: bench workers (JSON result on the last stdout line) and the ask CLI. */

const TSX = ['--import', 'tsx']

function run(
  args: string[],
  env: Record<string, string>,
  onFirstLine?: () => void,
  nodeArgs: string[] = TSX,
): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    let signalled = false
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      out += chunk
      if (!signalled && out.includes('\n')) {
        signalled = true
        onFirstLine?.()
      }
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ out, code }))
  })
}

/** Runs bench/worker.ts in a child process and returns its JSON result. */
export async function runWorker<T>(mode: string, options: unknown): Promise<T> {
  const { out, code } = await run(['bench/worker.ts', mode, JSON.stringify(options)], {})
  const last = out.trim().split('\n').at(-1)
  if (code !== 0 || !last) throw new Error(`bench worker ${mode} exited with ${code}`)
  return JSON.parse(last) as T
}

export interface ColdRun {
  /** Spawn → the answer line on stdout. */
  answerMs: number
  /** Spawn → process exit. */
  exitMs: number
  /** CPU time (user + system) of the child, from bench/exit-cpu.ts. */
  cpuMs: number
  peakRss: number
  intent: string
  tasks: number
}

let coldCount = 0

/**
 * How a cold start runs `ask --json`: `tsx` from source (node --import tsx src/ask.ts), or `dist`
 * the way `npm run ask` does (node scripts/launch.mjs ask: stamp check, then the compiled build).
 */
export type ColdRunner = 'tsx' | 'dist'

/** One cold start of `ask --json QUESTION` with this environment. */
export async function coldStart(question: string, env: Record<string, string>, runner: ColdRunner = 'tsx'): Promise<ColdRun> {
  const t0 = performance.now()
  let answerMs = Number.NaN
  const cpuFile = join(tmpdir(), `gzyd-bench-cpu-${process.pid}-${coldCount++}.json`)
  // As `npm run ask` runs it: a one-question process keeps a small young generation (package.json).
  const entry = runner === 'tsx' ? ['src/ask.ts'] : ['--max-semi-space-size=1', 'scripts/launch.mjs', 'ask']
  const { out, code } = await run(
    ['--import', './bench/exit-cpu.mjs', ...entry, '--json', question],
    { ...env, BENCH_CPU_FILE: cpuFile },
    () => {
      answerMs = performance.now() - t0
    },
    runner === 'tsx' ? TSX : [],
  )
  const exitMs = performance.now() - t0
  if (code !== 0) throw new Error(`ask exited with ${code}`)
  const answer = JSON.parse(out.trim().split('\n')[0] ?? '{}') as { intent?: string; tasks?: unknown[] }
  let usage = { cpuMs: Number.NaN, peakRss: Number.NaN }
  try {
    usage = JSON.parse(readFileSync(cpuFile, 'utf8')) as typeof usage
  } finally {
    rmSync(cpuFile, { force: true })
  }
  return { answerMs, exitMs, ...usage, intent: answer.intent ?? '?', tasks: answer.tasks?.length ?? 0 }
}
