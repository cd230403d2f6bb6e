import type Database from 'better-sqlite3'
import type { Leadership, Lease } from './leadership.js'
import type { SqliteInstances } from './sqlite-instances.js'

/**
 * Leadership in the SQLite file (table leaders): a lock is a row naming the instance that holds it,
 * free again when that instance closes its store or its process is gone. Within one machine a
 * lock is never lost while its holder runs, so `lost` settles only when the store closes.
 */
export class SqliteLeadership implements Leadership {
  private readonly closing: Promise<void>
  private signalClose: () => void = () => {}
  private isClosed = false

  constructor(
    private readonly statement: (sql: string) => Database.Statement,
    private readonly write: <T>(work: () => T) => T,
    private readonly instances: SqliteInstances,
  ) {
    this.closing = new Promise<void>((resolve) => {
      this.signalClose = resolve
    })
  }

  async tryAcquire(name: string): Promise<Lease | null> {
    const me = this.instances.id
    const taken = this.write(() => {
      const live = this.instances.live()
      const row = this.statement('SELECT instance FROM leaders WHERE name = ?').get(name) as { instance: string } | undefined
      if (row && row.instance !== me && live.has(row.instance)) return false
      if (row?.instance === me) return false
      this.statement(
        `INSERT INTO leaders (name, instance, acquired_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET instance = excluded.instance, acquired_at = excluded.acquired_at`,
      ).run(name, me, new Date().toISOString())
      return true
    })
    if (!taken) return null
    let released = false
    return {
      name,
      lost: this.closing,
      release: async () => {
        if (released) return
        released = true
        if (this.isClosed) return // closing the store removed its rows
        this.write(() => this.statement('DELETE FROM leaders WHERE name = ? AND instance = ?').run(name, me))
      },
    }
  }

  /** The store is closing: every lease it held is gone with it. */
  closed(): void {
    this.isClosed = true
    this.signalClose()
  }
}
