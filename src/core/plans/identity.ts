import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import type { Plan } from '../plan/types.js'

/**
 * Who issued a plan, for which year, under which title: what a plan is, apart from the file that
 * holds it. The `key` names the plan in the store (every update and binding carries it), so it must
 * stay the same when a corrected version of the same plan replaces the file: it is built from
 * issuer, year and title (draft markers such as （修订稿） left out), never from the file's bytes;
 * `hash` is the content and tells the versions apart. Everything is read from the document, and a
 * small side file `<plan file>.meta.json` may set any field the document gets wrong or lacks.
 */

export interface PlanIdentity {
  /** Stable name of the plan in the store, e.g. 常德市市场监督管理局|2023|2023年全市市场监管工作要点. */
  key: string
  /** The body that issued it (常德市市场监督管理局), or null when the document does not say. */
  issuer: string | null
  /** The plan year, or null when neither document nor side file gives one. */
  year: number | null
  title: string
  /** sha256 of the plan file's bytes. */
  hash: string
  /** The seed file's name. */
  file: string
  /** Short names people use for the issuer (津市局, 津市市场监管局), for 「津市局的工作要点里…」. */
  issuerNames: string[]
}

/** The side file: every field optional; `key` pins the store key across a renamed plan. */
export const PlanMeta = z
  .object({
    key: z.string().trim().min(1).max(200).optional(),
    issuer: z.string().trim().min(2).max(60).optional(),
    year: z.number().int().min(2000).max(2100).optional(),
    title: z.string().trim().min(2).max(120).optional(),
    /** More names people use for the issuer. */
    aliases: z.array(z.string().trim().min(2).max(30)).max(20).optional(),
  })
  .strict()
export type PlanMeta = z.infer<typeof PlanMeta>

export class PlanMetaError extends Error {
  constructor(file: string, problem: string) {
    super(`seeds: 工作要点说明文件 ${file} 有误：${problem}。请改正或删除该文件后重新启动。`)
    this.name = 'PlanMetaError'
  }
}

/** The side file of a plan file, when there is one. Throws PlanMetaError, naming the file, when it is unreadable. */
export function readPlanMeta(planPath: string): PlanMeta {
  const file = `${planPath}.meta.json`
  if (!existsSync(file)) return {}
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new PlanMetaError(file, `不是有效的 JSON（${(error as Error).message}）`)
  }
  const parsed = PlanMeta.safeParse(raw)
  if (!parsed.success)
    throw new PlanMetaError(file, parsed.error.issues.map((i) => `${i.path.join('.') || '内容'}: ${i.message}`).join('；'))
  return parsed.data
}

/** Issuers end like this: 市场监督管理局, 人民政府办公室, 发展和改革委员会, 财政厅. */
const ISSUER = /([\u4e00-\u9fa5]{2,24}?(?:市场监督管理局|市场监管局|人民政府办公室|人民政府|委员会|管理局|办公室|局|厅|委))/
/** Draft and revision markers that do not make a different plan. */
const DRAFT_MARKS = /[（(](?:修订稿|修订版|修改稿|征求意见稿|送审稿|讨论稿|定稿|第[一二三四五六七八九十\d]+版)[）)]/g

export function planIdentity(plan: Plan, seed: { name: string; hash: string }, meta: PlanMeta = {}): PlanIdentity {
  const title = meta.title ?? plan.title
  const year = meta.year ?? documentYear(plan)
  const issuer = meta.issuer ?? documentIssuer(plan, title)
  const cleanTitle = title.replace(DRAFT_MARKS, '').replace(/\s+/g, '')
  const key = meta.key ?? [issuer ?? '', year ?? '', cleanTitle].join('|')
  const issuerNames = [...new Set([...(issuer ? issuerShortNames(issuer) : []), ...(meta.aliases ?? [])])]
  return { key, issuer, year, title, hash: seed.hash, file: seed.name, issuerNames }
}

/** The first 20xx年 in the title, else the preamble. */
function documentYear(plan: Plan): number | null {
  const found = plan.title.match(/(20\d{2})\s*年/) ?? plan.preamble.match(/(20\d{2})\s*年/)
  return found ? Number(found[1]) : null
}

/**
 * The issuer as the document writes it: before the year in the title (「津市市市场监督管理局2024年
 * 工作要点」), else a signature line (落款) among the closing paragraphs, else the issuer of a
 * 「关于印发…」 notice in the preamble.
 */
function documentIssuer(plan: Plan, title: string): string | null {
  const beforeYear = title.split(/20\d{2}\s*年/)[0] ?? ''
  const inTitle = beforeYear.replace(/关于(?:印发)?$/, '').match(new RegExp(`^${ISSUER.source}$`))
  if (inTitle) return inTitle[1] as string
  for (const line of [...plan.closing].reverse()) {
    const signed = line.trim().match(new RegExp(`^${ISSUER.source}$`))
    if (signed) return signed[1] as string
  }
  const notice = plan.preamble.match(new RegExp(`${ISSUER.source}关于印发`))
  return notice ? (notice[1] as string) : null
}

/**
 * What people call a bureau: 津市市市场监督管理局 → 津市局, 津市市场监管局, 津市市局, 津市市监局.
 * Only for market-supervision style names (…市场监督管理局); other issuers keep their full name.
 */
export function issuerShortNames(issuer: string): string[] {
  const names = [issuer]
  const place = issuer.match(/^(.+?)(?:市场监督管理局|市场监管局)$/)?.[1]
  if (!place) return names
  // 津市市 → also 津市; 常德市 → also 常德; 武陵区 → also 武陵 (a one-character stem is too loose).
  const stems = [place, ...(place.length >= 3 && /[市区县]$/.test(place) ? [place.slice(0, -1)] : [])]
  for (const stem of stems) names.push(`${stem}市场监管局`, `${stem}市监局`, `${stem}局`)
  return [...new Set(names)]
}

/**
 * The plan's name in replies: its title, with the issuer when another loaded plan has the same
 * title (澧县市场监督管理局·2024年工作要点). Callers wrap it: 《…》 in text, 〔…〕 as a first line.
 */
export function planName(identity: PlanIdentity, others: PlanIdentity[] = []): string {
  const clash = others.some((o) => o.key !== identity.key && o.title === identity.title)
  return clash && identity.issuer ? `${identity.issuer}·${identity.title}` : identity.title
}
