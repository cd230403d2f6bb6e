import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { databasePath } from '../boot.js'
import { loadConfig } from '../config.js'
import { SqliteStore } from '../core/progress/sqlite-store.js'
import { isPostgresUrl } from '../core/progress/store-target.js'
import { formatTime } from '../core/time.js'
import { argsOrUsage, runTool } from './run-tool.js'

/**
 * `npm run backup -- FILE|FOLDER [--keep N]`: an online backup of the progress store (BOT_DB,
 * default data/bot.db in the project, resolved as boot does) using SQLite's backup API while the
 * bot may be running. A FOLDER (existing, or written with a trailing /) gets a dated file
 * `bot-YYYYMMDD-HHMMSS.db` (the bureau's local time), so a timer can call the same command every
 * night; `--keep N` then removes the oldest `bot-*.db` there beyond N. Prints the backup's path and
 * its integrity_check result; exit 1 unless it is "ok", exit 2 for bad arguments.
 */

const USAGE = `用法 (usage): npm run backup -- FILE|FOLDER [--keep N]
  FILE    备份到这个文件（usage: npm run backup -- FILE）
  FOLDER  在这个文件夹里写入带日期的备份 bot-YYYYMMDD-HHMMSS.db
  --keep N  只保留文件夹里最新的 N 个备份`

const DATED = /^bot-\d{8}-\d{6}(?:-\d+)?\.db$/

async function main(): Promise<number> {
  const args = argsOrUsage(parse, USAGE)
  if (!args) return 2
  const [target, ...extra] = args.positionals
  const keep = args.values.keep === undefined ? undefined : Number(args.values.keep)
  if (!target || extra.length > 0 || (keep !== undefined && !(Number.isInteger(keep) && keep > 0))) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const config = loadConfig(process.env, 'cli')
  const source = databasePath(config)
  if (isPostgresUrl(source)) {
    process.stderr.write('备份失败：BOT_DB 是 PostgreSQL 数据库，请用 pg_dump 备份（例如 pg_dump -Fc -f 备份文件 "$BOT_DB"）。\n')
    return 1
  }
  if (!existsSync(source)) {
    process.stderr.write(`备份失败：没有找到数据库 ${source}（请检查 BOT_DB）\n`)
    return 1
  }
  const folder = target.endsWith('/') || isFolder(target) ? resolve(target) : undefined
  const stamp = formatTime(new Date().toISOString(), config.BOT_TIMEZONE).replace(/[-:]/g, '').replace(' ', '-')
  const destination = folder ? freeName(folder, `bot-${stamp}${String(new Date().getSeconds()).padStart(2, '0')}`) : resolve(target)
  if (destination === source) {
    process.stderr.write(`备份失败：备份文件不能是数据库本身（${source}）\n`)
    return 1
  }
  const store = new SqliteStore(source)
  let result: string
  try {
    result = await store.backup(destination)
  } finally {
    await store.close()
  }
  process.stdout.write(`backup: ${destination}\nintegrity_check: ${result}\n`)
  if (result !== 'ok') return 1
  if (folder && keep !== undefined) {
    const old = readdirSync(folder)
      .filter((n) => DATED.test(n))
      .sort()
      .reverse()
      .slice(keep)
    for (const name of old) rmSync(join(folder, name))
    if (old.length) process.stdout.write(`removed: ${old.length} older backups\n`)
  }
  return 0
}

/** `<base>.db` in the folder, or `<base>-2.db`… when a backup of the same second is there. */
function freeName(folder: string, base: string): string {
  for (let n = 1; ; n++) {
    const path = join(folder, `${base}${n > 1 ? `-${n}` : ''}.db`)
    if (!existsSync(path)) return path
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function parse() {
  return parseArgs({ options: { keep: { type: 'string' } }, allowPositionals: true })
}

runTool(main, '备份')
