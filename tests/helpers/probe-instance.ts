/**
 * A Slack door instance process the fault probe starts, kills (SIGKILL, like a crash or a power
 * cut of its machine) and starts again on the same port, as a load balancer's backend would be.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export class ProbeInstance {
  private child: ChildProcess | null = null
  /** The tail of the instance's stderr, for a failure message. */
  log = ''
  starts = 0
  kills = 0

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/slack/events`
  }

  get up(): boolean {
    return this.child !== null
  }

  /** Starts the process and resolves once it listens. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/slack-instance.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PROBE_PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.starts++
    child.stderr?.on('data', (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-6000)
    })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not start in 60 s:\n${this.log}`)), 60_000)
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) {
          clearTimeout(timer)
          resolve()
        }
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`${this.name} exited with ${code} while starting:\n${this.log}`))
      })
    })
    this.child = child
  }

  /** SIGKILL: no shutdown code runs, messages in hand and replies in the queue are abandoned. */
  async kill(): Promise<void> {
    const child = this.child
    if (!child) return
    this.child = null
    this.kills++
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }

  /** A graceful stop (SIGTERM), at the end of the probe. */
  async stop(): Promise<void> {
    const child = this.child
    if (!child) return
    this.child = null
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
}
