/**
 * Which store BOT_DB names: a PostgreSQL URL (postgres:// or postgresql://) or, for anything else,
 * a SQLite file. A URL of another scheme (mysql://, http://) is refused, never taken for a file
 * name: an operator who typed one meant a server, and a file called "mysql:" would hide the mistake.
 */

export type StoreTarget = { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string }

const URL_LIKE = /^([a-z][a-z0-9+.-]*):\/\//i
const POSTGRES = new Set(['postgres', 'postgresql'])

/** The refusal for a URL of a scheme the store cannot use, or null when `value` is usable. */
export function unsupportedStoreUrl(value: string): string | null {
  const scheme = value.match(URL_LIKE)?.[1]?.toLowerCase()
  if (!scheme || POSTGRES.has(scheme)) return null
  return `BOT_DB 的地址「${redactUrl(value)}」不是本程序支持的数据库：请写 PostgreSQL 地址（postgres://用户:密码@主机:5432/库名），或 SQLite 数据库文件的路径（如 data/bot.db）。`
}

export function isPostgresUrl(value: string): boolean {
  const scheme = value.match(URL_LIKE)?.[1]?.toLowerCase()
  return scheme !== undefined && POSTGRES.has(scheme)
}

/** The URL with its password replaced by ***, for logs and messages. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@')
}
