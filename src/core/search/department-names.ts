import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { inOrder } from '../plan/group-members.js'

/**
 * The usual short forms of government departments (人社, 发改委, 卫健委, 编办) and other words for
 * the same department (环保 for 生态环境), kept as data in lexicon/domain/departments.json, for the
 * unit directory: a short form the user typed is expanded to its stem before the plan's own unit
 * names are searched (市人社局 → 市人力资源社会保障局 ~ 市人力资源和社会保障局).
 *
 * Stems are written without 和/与: the directory matches the expanded name's characters in order
 * against the plan's names, so a 和 the plan writes may be missing from the stem, never added
 * (发展改革委员会 finds both 发展和改革委员会 and 发展改革委员会).
 */

const DEPARTMENTS_FILE = new URL('../../../lexicon/domain/departments.json', import.meta.url)

const Word = z.string().min(2, 'must be at least two characters').regex(/^\S+$/, 'must not contain spaces')

const Department = z
  .strictObject({
    full: Word.regex(/^[^和与]+$/, 'must be written without 和/与 (a plan may leave them out; the resolver tolerates only that)'),
    /** Abbreviations: characters of `full`, in order (人社 in 人力资源社会保障). */
    short: z.array(Word),
    /** Other words for the same department, not made of its characters (环保 for 生态环境). */
    variants: z.array(Word).default([]),
  })
  .superRefine((d, ctx) => {
    if (d.short.length + d.variants.length === 0) ctx.addIssue({ code: 'custom', message: 'needs a short form or a variant' })
    d.short.forEach((s, k) => {
      if (!inOrder(s, d.full))
        ctx.addIssue({ code: 'custom', path: ['short', k], message: `"${s}" is not made of the characters of "${d.full}" in order` })
    })
  })

const DepartmentsFile = z.strictObject({ $comment: z.string().min(1), departments: z.array(Department).min(1) })

export type DepartmentsData = z.infer<typeof DepartmentsFile>

/**
 * Validates the file's contents and returns short form → stem, longest short form first (发改委
 * expands before 发改 can take its first two characters). Throws an Error naming the file on a
 * schema violation and on a short form or variant defined twice.
 */
export function departmentAbbreviations(raw: unknown): Record<string, string> {
  const result = DepartmentsFile.safeParse(raw)
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    throw new Error(`lexicon/domain/departments.json is invalid: ${issues.join('; ')}`)
  }
  const pairs = result.data.departments.flatMap((d) => [...d.short, ...d.variants].map((word): [string, string] => [word, d.full]))
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const [word] of pairs) (seen.has(word) ? repeated : seen).add(word)
  if (repeated.size > 0) throw new Error(`lexicon/domain/departments.json: defined more than once: ${[...repeated].join(', ')}`)
  // A stable sort keeps data order among short forms of one length.
  return Object.fromEntries(pairs.sort(([a], [b]) => b.length - a.length))
}

/** Reads and validates lexicon/domain/departments.json (or another file, for tests). */
export function loadDepartmentAbbreviations(file: URL = DEPARTMENTS_FILE): Record<string, string> {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(fileURLToPath(file), 'utf8'))
  } catch (error) {
    throw new Error(`lexicon/domain/departments.json: ${(error as Error).message}`)
  }
  return departmentAbbreviations(raw)
}
