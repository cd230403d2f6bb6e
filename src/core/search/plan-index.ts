import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import MiniSearch from 'minisearch'
import { describeRead, readSeedPlan, type SeedFile } from '../plan/load-seeds.js'
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
  /** Plan files with tasks that were not chosen (an earlier name). */
  ignoredFiles: string[]
  /** Files that hold no readable task, each with what was seen in it. */
  skippedFiles: { name: string; why: string }[]
}

interface Manifest {
  hash: string
  planFile: string
  ignoredFiles: string[]
  skippedFiles: { name: string; why: string }[]
  tasks: number
  targets: number
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
/** Code whose change must rebuild the index: the parser, tokenizer, index options and lexicon. */
const CODE_DIRS = ['src/core/plan', 'src/core/search', 'src/core/text', 'lexicon']

export function seedsHash(seeds: SeedFile[]): string {
  const hash = createHash('sha256')
  for (const s of seeds) hash.update(`file:${s.name}\n${s.hash}\n`)
  for (const dir of CODE_DIRS) hashFolder(hash, dir)
  return hash.digest('hex')
}

/** Hashes every file below a project folder (sub-folders included, e.g. src/core/plan/read/). */
function hashFolder(hash: ReturnType<typeof createHash>, dir: string): void {
  const abs = join(ROOT, dir)
  if (!existsSync(abs)) return
  for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = `${dir}/${entry.name}`
    if (entry.isDirectory()) hashFolder(hash, rel)
    else hash.update(`code:${rel}\n`).update(readFileSync(join(abs, entry.name)))
  }
}

/**
 * Opens the index for the seeds: loads it when the manifest hash matches, else rebuilds it. The plan
 * is the last file by name (plans are usually named by year) that holds tasks; a file without any
 * readable task (a stray err.txt) is skipped and reported, never served as an empty plan. Throws,
 * naming every file and what was seen in it, when no file holds a task.
 */
export async function openPlanIndex(seeds: SeedFile[], dir: string): Promise<PlanIndex> {
  const hash = seedsHash(seeds)
  const manifest = readManifest(dir)
  if (manifest?.hash === hash) {
    try {
      loadDictionary(join(dir, 'jieba.dict.utf8'))
      const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Plan
      const search = MiniSearch.loadJSON<TaskDocument>(readFileSync(join(dir, 'search.json'), 'utf8'), indexOptions)
      return { plan, search, rebuilt: false, ignoredFiles: manifest.ignoredFiles, skippedFiles: manifest.skippedFiles ?? [] }
    } catch {
      // A damaged index folder is rebuilt below, never trusted.
    }
  }
  return { ...(await buildPlanIndex(seeds, dir, hash)), rebuilt: true }
}

async function choosePlan(seeds: SeedFile[]) {
  const skipped: { name: string; why: string }[] = []
  // A file whose tasks name no unit at all (notes, a list) serves only when no file names units.
  let fallback: (Awaited<ReturnType<typeof readSeedPlan>> & { seed: SeedFile; at: number }) | null = null
  for (let k = seeds.length - 1; k >= 0; k--) {
    const seed = seeds[k] as SeedFile
    let read: Awaited<ReturnType<typeof readSeedPlan>>
    try {
      read = await readSeedPlan(seed.path)
    } catch (error) {
      skipped.push({ name: seed.name, why: (error as Error).message })
      continue
    }
    const { tasks } = read.plan
    if (tasks.length === 0) skipped.push({ name: seed.name, why: `没有找到任务（读到 ${describeRead(read.read)}）` })
    else if (tasks.some((t) => unitsOf(t).length > 0)) return { ...read, seed, skipped, ignored: ignoredBut(seeds, k, skipped) }
    else fallback ??= { ...read, seed, at: k }
  }
  if (fallback) return { ...fallback, skipped, ignored: ignoredBut(seeds, fallback.at, skipped) }
  throw new Error(`seeds: 没有可用的工作要点文件：${skipped.map((s) => `${s.name}：${s.why}`).join('；')}`)
}

/** Plan files neither chosen nor skipped: they hold tasks but another file serves. */
function ignoredBut(seeds: SeedFile[], chosen: number, skipped: { name: string }[]): string[] {
  return seeds.filter((s, k) => k !== chosen && !skipped.some((x) => x.name === s.name)).map((s) => s.name)
}

async function buildPlanIndex(seeds: SeedFile[], dir: string, hash: string): Promise<Omit<PlanIndex, 'rebuilt'>> {
  const { plan, text, seed, skipped, ignored } = await choosePlan(seeds)
  const unitWords = plan.tasks.flatMap((t) => unitsOf(t).flatMap((u) => [u.name, u.alias ?? '']))
  const dictionary = buildPlanDictionary([text], unitWords)
  mkdirSync(dir, { recursive: true })
  writeAtomic(join(dir, 'jieba.dict.utf8'), dictionary)
  loadDictionary(join(dir, 'jieba.dict.utf8'))
  const search = new MiniSearch<TaskDocument>(indexOptions)
  search.addAll(plan.tasks.map((t) => toDocument(plan, t)))
  writeAtomic(join(dir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`)
  writeAtomic(join(dir, 'search.json'), JSON.stringify(search))
  const manifest: Manifest = {
    hash,
    planFile: seed.name,
    ignoredFiles: ignored,
    skippedFiles: skipped,
    tasks: plan.tasks.length,
    targets: plan.tasks.reduce((n, t) => n + t.targets.length, 0),
  }
  // The manifest goes last: a crash mid-build leaves a mismatched hash, so the next start rebuilds.
  writeAtomic(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return { plan, search, ignoredFiles: ignored, skippedFiles: skipped }
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
