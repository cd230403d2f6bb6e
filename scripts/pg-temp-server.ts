/**
 * A throw-away PostgreSQL server for the tests and the bench: Debian's `postgresql` package
 * (initdb and postgres from /usr/lib/postgresql/<version>/bin, or from PATH), a data folder in the
 * temp directory, a free port on 127.0.0.1, no password (trust, local only). PostgreSQL refuses to
 * run as root, so as root the folder is given to the `postgres` user and the server runs as it.
 *
 * initdb runs once per machine and version (the result is kept as a template in the temp folder);
 * each server starts from a copy, so a server is up in well under a second. `fsync` stays on: the
 * stores are measured and tested with the durability they have in production.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export const INSTALL_HINT =
  'PostgreSQL 未安装，跳过 PostgreSQL 存储的测试；安装：apt-get update && apt-get install -y postgresql（.ci/run 会安装，CI 总是运行这些测试）。'

/** The folder holding initdb and postgres, or null when PostgreSQL is not installed. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
      .sort((a, b) => Number(b) - Number(a))
    if (versions[0]) return join(root, versions[0], 'bin')
  }
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim()
    return existsSync(join(dir, 'postgres')) ? dir : null
  } catch {
    return null
  }
}

interface RunAs {
  uid?: number
  gid?: number
}

/** As root: the postgres user's ids (the server refuses to run as root). */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return {}
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
  return { uid, gid }
}

function ownedFolder(prefix: string, who: RunAs): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  if (who.uid !== undefined) execFileSync('chown', ['-R', `${who.uid}:${who.gid}`, dir])
  return dir
}

/** initdb once per version, kept as a template folder that every server copies. */
function template(bin: string, who: RunAs): string {
  const version = bin.split('/').at(-2) ?? 'pg'
  const target = join(tmpdir(), `gzyd-pg-template-${version}-${who.uid ?? process.getuid?.() ?? 0}`)
  if (existsSync(join(target, 'PG_VERSION'))) return target
  const work = ownedFolder('gzyd-pg-initdb-', who)
  const data = join(work, 'data')
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], {
    ...who,
    stdio: 'ignore',
    cwd: work,
  })
  try {
    renameSync(data, target)
  } catch {
    // Another test process made the template first: use theirs.
  }
  rmSync(work, { recursive: true, force: true })
  return target
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export class TempPostgres {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly port: number,
  ) {}

  /** Starts a server; null (with nothing started) when PostgreSQL is not installed. */
  static async start(): Promise<TempPostgres | null> {
    const bin = postgresBin()
    if (!bin) return null
    const who = runAs()
    const dir = ownedFolder('gzyd-pg-', who)
    const data = join(dir, 'data')
    cpSync(template(bin, who), data, { recursive: true })
    if (who.uid !== undefined) execFileSync('chown', ['-R', `${who.uid}:${who.gid}`, data])
    execFileSync('chmod', ['700', data])
    const port = await freePort()
    const child = spawn(
      join(bin, 'postgres'),
      ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
      { ...who, stdio: ['ignore', 'ignore', 'pipe'], cwd: dir },
    )
    let log = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000)
    })
    const server = new TempPostgres(child, dir, port)
    process.once('exit', () => child.kill('SIGKILL'))
    const deadline = Date.now() + 30_000
    for (;;) {
      try {
        const client = new pg.Client({ connectionString: server.url('postgres') })
        await client.connect()
        await client.end()
        return server
      } catch (error) {
        if (child.exitCode !== null || Date.now() > deadline) {
          await server.stop()
          throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`
  }

  /** A new empty database; its URL. */
  async createDatabase(name: string): Promise<string> {
    const client = new pg.Client({ connectionString: this.url('postgres') })
    await client.connect()
    try {
      await client.query(`CREATE DATABASE ${name}`)
    } finally {
      await client.end()
    }
    return this.url(name)
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve))
      this.child.kill('SIGINT') // fast shutdown
      await exited
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}
