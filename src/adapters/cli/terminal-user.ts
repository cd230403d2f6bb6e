import { userInfo } from 'node:os'

/**
 * The one user id of the terminal doors (`npm start` and `npm run ask`): `cli:` and the login name
 * of the operating-system account (`cli:local` when it has none). Write it that way in BOT_ADMINS;
 * 「我是谁」 shows it.
 */
export function terminalUser(): { user: string; userName: string } {
  let name = ''
  try {
    name = userInfo().username
  } catch {
    // No passwd entry (some containers): fall through to the environment.
  }
  name ||= process.env.USER || process.env.USERNAME || 'local'
  return { user: `cli:${name}`, userName: name }
}
