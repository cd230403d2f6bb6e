import type { Contact } from 'wechaty'
import type { Logger } from '../../core/log.js'
import type { Binding, ProgressStore } from '../../core/progress/store.js'

/**
 * WeChat identities across a re-login. With the web puppet (wechat4u) every contact gets a new id
 * at each login, so a binding stored for `wechat:<old id>` no longer matches its owner. Each
 * sender is remembered with a fingerprint of what the puppet keeps: the WeChat id (微信号) when the
 * puppet reports it, else the remark (备注) the bot's account gave them, else their name. When a
 * sender with no binding has the fingerprint of exactly one earlier id that had an approved
 * binding, a *pending* request for the same unit is filed in their name, labelled with the old id,
 * so an admin's 「待审批」 shows exactly who needs re-approval. Nothing is granted automatically: a
 * name can be copied, so only an admin can confirm it is the same person.
 */

/** Puppets whose contact ids survive a re-login (README: what each puppet keeps stable). */
const STABLE_ID_PUPPETS = new Set(['wechaty-puppet-service', 'wechaty-puppet-padlocal', 'wechaty-puppet-xp'])

export function idsChangeAtLogin(puppet: string): boolean {
  return !STABLE_ID_PUPPETS.has(puppet)
}

/** What the puppet keeps stable for a contact, as one string (`weixin:…`, `remark:…` or `name:…`). */
export async function fingerprintOf(contact: Contact): Promise<string> {
  const handle = contact.handle()
  if (handle) return `weixin:${handle}`
  const remark = await contact.alias().catch(() => undefined)
  if (remark) return `remark:${remark}`
  return `name:${contact.name()}`
}

/**
 * Remembers the sender, and files a pending re-approval when they look like a bound person back
 * under a new id. Returns the previous id when it did, so the caller can log it.
 */
export async function noticeReturningContact(
  store: ProgressStore,
  contact: Contact,
  context: { at: string; log: Logger; admins: readonly string[] },
): Promise<string | undefined> {
  const { at, log, admins } = context
  const user = `wechat:${contact.id}`
  const fingerprint = await fingerprintOf(contact)
  const earlier = await store.identities.others(fingerprint, user)
  await store.identities.remember(user, fingerprint, contact.name() || null, at)
  if (earlier.length === 0) return undefined
  const formerAdmin = earlier.find((e) => admins.includes(e.user))
  if (formerAdmin && !admins.includes(user))
    log.warn('wechat: an admin seems back under a new id; put the new id in BOT_ADMINS to keep their rights', {
      user,
      previous: formerAdmin.user,
      name: contact.name(),
    })
  if (await store.getBinding(user)) return undefined
  const bound: Binding[] = []
  for (const e of earlier) {
    const b = await store.getBinding(e.user)
    if (b?.status === 'approved') bound.push(b)
  }
  const units = new Set(bound.map((b) => b.unit))
  if (units.size !== 1) {
    if (units.size > 1) log.warn('wechat: a new id matches several bound people; not proposing any binding', { user, fingerprint })
    return undefined
  }
  const previous = bound[0]
  if (!previous) return undefined
  // Filed only if the user still has no binding: a 「我是X科的」 of theirs answered meanwhile is kept.
  const filed = await store.putBindingIfAbsent(
    {
      user,
      unit: previous.unit,
      status: 'pending',
      userName: `${contact.name() || previous.userName || user}（重新登录，原 ${previous.user}）`,
      requestedAt: at,
      approvedBy: null,
    },
    {
      at,
      user,
      action: 'bind',
      allowed: true,
      reason: 'pending re-approval: same person as a bound id before a re-login?',
      detail: { previous: previous.user, unit: previous.unit, fingerprint },
    },
  )
  if (!filed) return undefined
  log.warn('wechat: a bound person seems back under a new id; their binding waits for an admin to approve it again', {
    user,
    previous: previous.user,
    unit: previous.unit,
  })
  return previous.user
}
