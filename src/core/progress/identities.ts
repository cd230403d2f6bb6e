/**
 * Chat identities as last seen, for platforms whose user ids are not stable (WeChat's web puppet
 * gives every contact a new id at each login). A fingerprint is what the platform keeps stable
 * for a person (their WeChat id, or the remark the bot's account gave them, or their name); it
 * only ever proposes a match for an admin to approve, never grants anything by itself.
 */
export interface KnownIdentity {
  user: string
  fingerprint: string
  name: string | null
  seenAt: string
}

export interface IdentityLog {
  /** Records (or refreshes) the id a person was seen under. */
  remember(user: string, fingerprint: string, name: string | null, at: string): Promise<void>
  /** Other ids seen with this fingerprint, latest first. */
  others(fingerprint: string, user: string): Promise<KnownIdentity[]>
  /** What was last seen for an id, if anything. */
  get(user: string): Promise<KnownIdentity | null>
}
