import type Database from 'better-sqlite3'

/**
 * Schema migrations, applied in order; PRAGMA user_version records how many ran. A database whose
 * version is newer than this code is refused: an older binary must not write to it.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE bindings (
    user TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
    user_name TEXT,
    requested_at TEXT NOT NULL,
    approved_by TEXT
  );
  CREATE TABLE updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task INTEGER NOT NULL,
    unit TEXT NOT NULL,
    user TEXT NOT NULL,
    user_name TEXT,
    text TEXT NOT NULL,
    figures TEXT NOT NULL,
    attainment REAL,
    done INTEGER NOT NULL DEFAULT 0,
    source_id TEXT UNIQUE,
    at TEXT NOT NULL,
    withdrawn_at TEXT
  );
  CREATE INDEX updates_task ON updates (task, at);
  CREATE INDEX updates_user ON updates (user, at);
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    allowed INTEGER NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT
  );
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  CREATE TABLE seen_messages (
    key TEXT PRIMARY KEY,
    at TEXT NOT NULL
  );
  `,
  // 2: the message exactly as the user sent it (the text column holds the normalised reading).
  `ALTER TABLE updates ADD COLUMN original TEXT;`,
  // 3: deliveries. A message is in the inbox before the platform is told it arrived, each reply in
  // the outbox before it is sent; a claim remembers which inbox entry made it, so a replay after a
  // crash may pass its own claims (and only those).
  `
  ALTER TABLE seen_messages ADD COLUMN owner TEXT;
  CREATE TABLE inbox (
    key TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    done_at TEXT
  );
  CREATE INDEX inbox_open ON inbox (done_at, received_at);
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    inbox_key TEXT NOT NULL,
    room TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    error TEXT
  );
  CREATE INDEX outbox_open ON outbox (sent_at, id);
  `,
  // 4: chat identities as last seen: a person's id on platforms whose ids change at each login,
  // with what stays the same (a fingerprint), so a returning person can be recognised.
  `
  CREATE TABLE chat_identities (
    user TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    name TEXT,
    seen_at TEXT NOT NULL
  );
  CREATE INDEX chat_identities_fingerprint ON chat_identities (fingerprint);
  `,
  // 5: check-ins (sqlite-check-ins.ts): each direct check-in, nudge and leaders' digest, one row per
  // (plan, period start, kind, recipient), so nothing goes out twice in a period, even across
  // restarts. IF NOT EXISTS: the table does not depend on its place in this list.
  `
  CREATE TABLE IF NOT EXISTS check_ins (
    plan TEXT NOT NULL,
    period_start TEXT NOT NULL,
    kind TEXT NOT NULL,
    user TEXT NOT NULL,
    text TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    sent_at TEXT,
    error TEXT,
    PRIMARY KEY (plan, period_start, kind, user)
  );
  `,
  // 6: plans over time. A task is (plan, number): every update and binding names the plan it was
  // made under (plan identity key, see core/plans/identity.ts). Rows written before this migration
  // have plan NULL until the program, which knows the loaded plans, assigns them (adoptUnplanned).
  // `plans` remembers each plan as last loaded, with its tasks, so a changed file can be compared.
  `
  ALTER TABLE updates ADD COLUMN plan TEXT;
  ALTER TABLE bindings ADD COLUMN plan TEXT;
  CREATE INDEX updates_plan_task ON updates (plan, task, at);
  CREATE TABLE plans (
    key TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    issuer TEXT,
    year INTEGER,
    file TEXT NOT NULL,
    hash TEXT NOT NULL,
    tasks TEXT NOT NULL,
    change TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
  );
  `,
  // 7: several instances (issue 21). An open store is an instance (a row, removed when it closes);
  // inbox entries and replies belong to the instance that accepted or queued them, and are taken
  // over once it is gone; `leaders` holds the locks of long connections one instance may hold.
  `
  CREATE TABLE IF NOT EXISTS instances (
    id TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    started_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS leaders (
    name TEXT PRIMARY KEY,
    instance TEXT NOT NULL,
    acquired_at TEXT NOT NULL
  );
  ALTER TABLE inbox ADD COLUMN claimed_by TEXT;
  ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
  ALTER TABLE outbox ADD COLUMN attempted_at TEXT;
  `,
  // 8: the 督办 cycle (issue 19). `parts` holds a report's 本月进展 / 存在问题 / 下步计划 (JSON, or NULL
  // on older rows). task_events is the append-only log of 办结 and 延期 steps (cycle-log.ts).
  // 佐证材料: the bytes once per SHA-256 in evidence_blobs, each sending a row of evidence
  // (evidence-log.ts).
  `
  ALTER TABLE updates ADD COLUMN parts TEXT;
  CREATE TABLE task_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan TEXT,
    task INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('close_request', 'close', 'close_declined', 'reopen',
      'extension_request', 'extension_approved', 'extension_declined')),
    unit TEXT,
    user TEXT NOT NULL,
    user_name TEXT,
    note TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    ref INTEGER REFERENCES task_events (id),
    source_id TEXT UNIQUE,
    at TEXT NOT NULL
  );
  CREATE INDEX task_events_task ON task_events (plan, task, at);
  CREATE TABLE evidence_blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL
  );
  CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan TEXT,
    task INTEGER NOT NULL,
    update_id INTEGER REFERENCES updates (id),
    sha256 TEXT NOT NULL REFERENCES evidence_blobs (sha256),
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    unit TEXT,
    user TEXT NOT NULL,
    user_name TEXT,
    source_id TEXT,
    at TEXT NOT NULL,
    UNIQUE (source_id, sha256)
  );
  CREATE INDEX evidence_task ON evidence (plan, task, at);
  `,
  // 9: notices of the 督办 cycle (notices.ts): direct messages a step owes someone, written with the
  // step, claimed and settled by the door of the recipient's platform.
  `
  CREATE TABLE notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event INTEGER REFERENCES task_events (id),
    recipient TEXT NOT NULL,
    recipient_name TEXT,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    claimed_at TEXT,
    sent_at TEXT,
    error TEXT
  );
  CREATE INDEX notices_open ON notices (sent_at, recipient);
  `,
  // 10: which instance claimed a notice (notices.ts), so a door's start takes over only the claims
  // of instances that are gone: NULL on claims made before this migration (taken as gone).
  `
  ALTER TABLE notices ADD COLUMN claimed_by TEXT;
  `,
]

export class DatabaseTooNewError extends Error {
  constructor(file: string, found: number, known: number) {
    super(`store: ${file} has schema version ${found}, newer than this program knows (${known}); refusing to open it`)
    this.name = 'DatabaseTooNewError'
  }
}

/** Throws DatabaseTooNewError when the file's schema is newer than this code. */
export function checkVersion(db: Database.Database, file: string): number {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > MIGRATIONS.length) throw new DatabaseTooNewError(file, version, MIGRATIONS.length)
  return version
}

/**
 * Applies the missing migrations. The version is read inside the IMMEDIATE transaction: processes
 * opening a new file at the same time must not both see version 0 and both create the tables.
 */
export function migrate(db: Database.Database, file: string): void {
  const apply = db.transaction(() => {
    const version = checkVersion(db, file)
    if (version === MIGRATIONS.length) return
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v] as string)
    db.pragma(`user_version = ${MIGRATIONS.length}`)
  })
  apply.immediate()
}
