import type { Plan } from '../plan/types.js'
import { type PlanIdentity, planName } from './identity.js'

/**
 * The plans loaded at once (every plan file in seeds/), which one a question goes to by default,
 * and which rooms are tied to which plan. Pure: built at start from the identities and settings.
 */

export interface LibraryPlan<T = unknown> {
  identity: PlanIdentity
  plan: Plan
  /** Whatever the caller attaches per plan (its answer context). */
  value: T
}

export class PlanLibraryError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PlanLibraryError'
  }
}

export class PlanLibrary<T = unknown> {
  readonly default: LibraryPlan<T>
  private readonly rooms = new Map<string, LibraryPlan<T>>()

  /**
   * `defaultSpec` (BOT_DEFAULT_PLAN) and each room's spec (BOT_ROOM_PLANS) name a plan by key,
   * year, title, file name or issuer name; a spec that names no plan, or two, throws
   * PlanLibraryError naming the loaded plans, so a mistyped setting is said at start.
   * Without a default, the newest year serves (the last file by name among equals).
   */
  constructor(
    readonly plans: LibraryPlan<T>[],
    defaultSpec?: string,
    roomSpecs: Record<string, string> = {},
  ) {
    if (plans.length === 0) throw new PlanLibraryError('没有可用的工作要点')
    const keys = new Set<string>()
    for (const p of plans) {
      if (keys.has(p.identity.key))
        throw new PlanLibraryError(
          `两个文件是同一份工作要点（${p.identity.key}）：${plans
            .filter((q) => q.identity.key === p.identity.key)
            .map((q) => q.identity.file)
            .join('、')}。请删除旧版本，或在 <文件名>.meta.json 中用 key 区分。`,
        )
      keys.add(p.identity.key)
    }
    this.default = defaultSpec ? this.named(defaultSpec, 'BOT_DEFAULT_PLAN') : newest(plans)
    for (const [room, spec] of Object.entries(roomSpecs)) this.rooms.set(room, this.named(spec, `BOT_ROOM_PLANS（${room}）`))
  }

  get size(): number {
    return this.plans.length
  }

  get(key: string): LibraryPlan<T> | undefined {
    return this.plans.find((p) => p.identity.key === key)
  }

  /** The plan a room or channel is tied to (`slack:C123`, `wechat:<room id or topic>`), else the default. */
  forRoom(platform: string, channel: string | undefined): LibraryPlan<T> {
    return (channel && this.rooms.get(`${platform}:${channel}`)) || this.default
  }

  /** The plan a room is tied to by BOT_ROOM_PLANS, if any. */
  tiedTo(platform: string, channel: string): LibraryPlan<T> | undefined {
    return this.rooms.get(`${platform}:${channel}`)
  }

  /** Plans matching a spec: exact key, year (2024), title, file name, or a name of the issuer. */
  find(spec: string): LibraryPlan<T>[] {
    const s = spec.trim()
    const exact = this.plans.filter((p) => p.identity.key === s || p.identity.file === s || p.identity.title === s)
    if (exact.length) return exact
    if (/^20\d{2}\s*年?$/.test(s)) return this.plans.filter((p) => p.identity.year === Number(s.slice(0, 4)))
    return this.plans.filter((p) => p.identity.issuerNames.includes(s))
  }

  /**
   * False when two loaded plans are of different bureaus (both issuers known and unlike): a unit
   * bound under one is not the same-named unit of the other. True when either is not loaded or
   * has no issuer, since nothing then says they differ.
   */
  sameBureau(a: string, b: string): boolean {
    const x = this.get(a)?.identity.issuer
    const y = this.get(b)?.identity.issuer
    return !x || !y || x === y
  }

  /** How answers name a plan: 《title》, with the issuer when another loaded plan has the same title. */
  label(p: LibraryPlan<T>): string {
    return `《${this.name(p)}》`
  }

  /** The plan's name without brackets (planName). */
  name(p: LibraryPlan<T>): string {
    return planName(
      p.identity,
      this.plans.map((q) => q.identity),
    )
  }

  /** 《2023年…》、《2024年…》: every loaded plan, for replies that list them. */
  listing(): string {
    return this.plans.map((p) => this.label(p)).join('、')
  }

  private named(spec: string, setting: string): LibraryPlan<T> {
    const found = this.find(spec)
    if (found.length === 1) return found[0] as LibraryPlan<T>
    const loaded = this.plans.map((p) => `${p.identity.key}（${p.identity.file}）`).join('；')
    throw new PlanLibraryError(
      found.length === 0
        ? `${setting}=${spec} 没有对应的工作要点。已载入：${loaded}`
        : `${setting}=${spec} 对应多份工作要点，请写完整的 key。已载入：${loaded}`,
    )
  }
}

/** The plan of the latest year; among plans of one year (or none with a year), the last loaded. */
function newest<T>(plans: LibraryPlan<T>[]): LibraryPlan<T> {
  let best = plans[0] as LibraryPlan<T>
  for (const p of plans) if ((p.identity.year ?? 0) >= (best.identity.year ?? 0)) best = p
  return best
}
