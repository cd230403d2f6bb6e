import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import MiniSearch from 'minisearch'
import type { SeedFile } from '../plan/load-seeds.js'
import { parsePlan } from '../plan/parse-plan.js'
import type { Plan } from '../plan/types.js'
import { unitsOf } from '../plan/types.js'
import { buildPlanDictionary } from './dictionary.js'
import { indexOptions, type TaskDocument, toDocument } from './index-options.js'
import { loadDictionary } from './tokenize.js'

/**
 * The built index folder (index/ by default), readable by people:
 *   manifest.json    hash of the seeds and of the code that reads them, plan file, counts
 *   plan.json        the parsed plan: sections, tasks, units, targets, dated events, problems
 *   search.json      the MiniSearch index
 *   jieba.dict.utf8  the plan-sized jieba dictionary (see dictionary.ts)
 * `openPlanIndex` loads it when the manifest hash matches the seeds, and rebuilds it otherwise.
 */

export interface PlanIndex {
  plan: Plan
  search: MiniSearch<TaskDocument>
  /** True when this call rebuilt the index (the seeds or the code changed). */
  rebuilt: boolean
  ignoredFiles: string[]
}

interface Manifest {
  hash: string
  planFile: string
  ignoredFiles: string[]
  tasks: number
  targets: number
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
/** Code whose change must rebuild the index: the parser, tokenizer, index options and lexicon. */
const CODE_DIRS = ['src/core/plan', 'src/core/search', 'src/core/text', 'lexicon']

export function seedsHash(seeds: SeedFile[]): string {
  const hash = createHash('sha256')
  for (const s of seeds) hash.update(`file:${s.name}\n${s.text}\n`)
  for (const dir of CODE_DIRS) {
    const abs = join(ROOT, dir)
    if (!existsSync(abs)) continue
    for (const name of readdirSync(abs).sort()) hash.update(`code:${dir}/${name}\n`).update(readFileSync(join(abs, name)))
  }
  return hash.digest('hex')
}

/**
 * Chooses the plan among the seed files: the one named last (plans are usually named by year).
 * The others are reported, not merged: task numbers of two plans would collide.
 */
function choosePlanFile(seeds: SeedFile[]): { chosen: SeedFile; ignored: string[] } {
  const chosen = seeds.at(-1) as SeedFile
  return { chosen, ignored: seeds.slice(0, -1).map((s) => s.name) }
}

export function openPlanIndex(seeds: SeedFile[], dir: string): PlanIndex {
  const hash = seedsHash(seeds)
  const manifest = readManifest(dir)
  if (manifest?.hash === hash) {
    try {
      loadDictionary(join(dir, 'jieba.dict.utf8'))
      const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Plan
      const search = MiniSearch.loadJSON<TaskDocument>(readFileSync(join(dir, 'search.json'), 'utf8'), indexOptions)
      return { plan, search, rebuilt: false, ignoredFiles: manifest.ignoredFiles }
    } catch {
      // A damaged index folder is rebuilt below, never trusted.
    }
  }
  return { ...buildPlanIndex(seeds, dir, hash), rebuilt: true }
}

function buildPlanIndex(seeds: SeedFile[], dir: string, hash: string): Omit<PlanIndex, 'rebuilt'> {
  const { chosen, ignored } = choosePlanFile(seeds)
  const plan = parsePlan(chosen.text, chosen.name)
  const unitWords = plan.tasks.flatMap((t) => unitsOf(t).flatMap((u) => [u.name, u.alias ?? '']))
  const dictionary = buildPlanDictionary([chosen.text], unitWords)
  mkdirSync(dir, { recursive: true })
  writeAtomic(join(dir, 'jieba.dict.utf8'), dictionary)
  loadDictionary(join(dir, 'jieba.dict.utf8'))
  const search = new MiniSearch<TaskDocument>(indexOptions)
  search.addAll(plan.tasks.map((t) => toDocument(plan, t)))
  writeAtomic(join(dir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`)
  writeAtomic(join(dir, 'search.json'), JSON.stringify(search))
  const manifest: Manifest = {
    hash,
    planFile: chosen.name,
    ignoredFiles: ignored,
    tasks: plan.tasks.length,
    targets: plan.tasks.reduce((n, t) => n + t.targets.length, 0),
  }
  // The manifest goes last: a crash mid-build leaves a mismatched hash, so the next start rebuilds.
  writeAtomic(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return { plan, search, ignoredFiles: ignored }
}

function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest
  } catch {
    return null
  }
}

function writeAtomic(path: string, content: string): void {
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, content)
  renameSync(temp, path)
}
