import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type Database from 'better-sqlite3'

/**
 * Instances of a SQLite store: every open SqliteStore is a row (id, pid, host), removed when it
 * closes. A row whose process no longer runs on this machine is a store that died without closing.
 * SQLite serves one machine, so a process on another host is never expected here; its rows are
 * kept as alive (they are never taken from a process this one cannot see).
 */
export class SqliteInstances {
  readonly id = randomUUID()

  constructor(private readonly statement: (sql: string) => Database.Statement) {}

  register(at: string): void {
    this.statement('INSERT INTO instances (id, pid, host, started_at) VALUES (?, ?, ?, ?)').run(this.id, process.pid, hostname(), at)
  }

  unregister(): void {
    this.statement('DELETE FROM leaders WHERE instance = ?').run(this.id)
    this.statement('DELETE FROM instances WHERE id = ?').run(this.id)
  }

  /** Ids of the instances alive now; forgets (deletes) those that died. Call inside a write transaction. */
  live(): Set<string> {
    const rows = this.statement('SELECT id, pid, host FROM instances').all() as { id: string; pid: number; host: string }[]
    const alive = new Set<string>()
    for (const r of rows) {
      if (r.host !== hostname() || processRuns(r.pid)) alive.add(r.id)
      else {
        this.statement('DELETE FROM leaders WHERE instance = ?').run(r.id)
        this.statement('DELETE FROM instances WHERE id = ?').run(r.id)
      }
    }
    return alive
  }
}

function processRuns(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
