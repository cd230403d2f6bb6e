import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import MiniSearch from 'minisearch'
import { describeRead, readSeedPlan, type SeedFile, SeedsFolderError } from '../plan/load-seeds.js'
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../plan/read/limits.js'
import type { Plan } from '../plan/types.js'
import { unitsOf } from '../plan/types.js'
import { buildPlanDictionary } from './dictionary.js'
import { indexOptions, type TaskDocument, toDocument } from './index-options.js'
import { loadDictionary } from './tokenize.js'

/**
 * The built index folder (index/ by default), readable by people:
 *   manifest.json             hash of the seeds and of the code that reads them, plan files, counts
 *   <seed file>.plan.json     each parsed plan: sections, tasks, units, targets, dated events, problems
 *   <seed file>.search.json   its MiniSearch index
 *   jieba.dict.utf8           the jieba dictionary sized to all the plans (see dictionary.ts)
 * `openPlanIndex` loads it when the manifest hash matches the seeds, and rebuilds it otherwise.
 */

export interface IndexedPlan {
  seed: SeedFile
  plan: Plan
  search: MiniSearch<TaskDocument>
}

export interface PlanIndex {
  /** Every plan file that serves, in file-name order (plans are usually named by year). */
  plans: IndexedPlan[]
  /** The last of `plans`: for callers that read one plan (benchmarks, single-plan tools). */
  plan: Plan
  search: MiniSearch<TaskDocument>
  /** True when this call rebuilt the index (the seeds or the code changed). */
  rebuilt: boolean
  /** Files with tasks that do not serve: none of their tasks names a unit while another file's do. */
  ignoredFiles: string[]
  /** Files that hold no readable task, each with what was seen in it. */
  skippedFiles: { name: string; why: string }[]
}

interface Manifest {
  hash: string
  planFiles: { name: string; hash: string; tasks: number; targets: number }[]
  ignoredFiles: string[]
  skippedFiles: { name: string; why: string }[]
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

const planFile = (dir: string, seed: string) => join(dir, `${seed}.plan.json`)
const searchFile = (dir: string, seed: string) => join(dir, `${seed}.search.json`)

/**
 * Opens the index for the seeds: loads it when the manifest hash matches, else rebuilds it. Every
 * file that holds tasks serves; a file without any readable task (a stray err.txt) is skipped and
 * reported, never served as an empty plan, and a file whose tasks name no unit serves only when no
 * file's tasks do. Throws, naming every file and what was seen in it, when no file holds a task.
 */
export async function openPlanIndex(seeds: SeedFile[], dir: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<PlanIndex> {
  const hash = seedsHash(seeds)
  const manifest = readManifest(dir)
  if (manifest?.hash === hash && Array.isArray(manifest.planFiles) && manifest.planFiles.length > 0) {
    try {
      loadDictionary(join(dir, 'jieba.dict.utf8'))
      const plans = manifest.planFiles.map((f) => {
        const seed = seeds.find((s) => s.name === f.name)
        if (!seed) throw new Error(`index: ${f.name} is not among the seeds`)
        const plan = JSON.parse(readFileSync(planFile(dir, f.name), 'utf8')) as Plan
        const search = MiniSearch.loadJSON<TaskDocument>(readFileSync(searchFile(dir, f.name), 'utf8'), indexOptions)
        return { seed, plan, search }
      })
      return withLast({ plans, rebuilt: false, ignoredFiles: manifest.ignoredFiles, skippedFiles: manifest.skippedFiles ?? [] })
    } catch {
      // A damaged index folder is rebuilt below, never trusted.
    }
  }
  return withLast({ ...(await buildPlanIndex(seeds, dir, hash, limits)), rebuilt: true })
}

function withLast(index: Omit<PlanIndex, 'plan' | 'search'>): PlanIndex {
  const last = index.plans.at(-1) as IndexedPlan
  return { ...index, plan: last.plan, search: last.search }
}

type ReadSeed = Awaited<ReturnType<typeof readSeedPlan>> & { seed: SeedFile }

/** Reads every seed; returns the ones that serve, the skipped and the ignored, in file-name order. */
async function choosePlans(
  seeds: SeedFile[],
  limits: ReadLimits,
): Promise<{ read: ReadSeed[]; skipped: Manifest['skippedFiles']; ignored: string[] }> {
  const skipped: { name: string; why: string }[] = []
  const withTasks: ReadSeed[] = []
  for (const seed of seeds) {
    try {
      const read = await readSeedPlan(seed.path, limits)
      if (read.plan.tasks.length === 0) skipped.push({ name: seed.name, why: `没有找到任务（读到 ${describeRead(read.read)}）` })
      else withTasks.push({ ...read, seed })
    } catch (error) {
      skipped.push({ name: seed.name, why: (error as Error).message })
    }
  }
  if (withTasks.length === 0)
    throw new SeedsFolderError(
      `没有可用的工作要点文件（BOT_SEEDS）：${skipped.map((s) => `${s.name}：${s.why}`).join('；')}。请放入含有任务的工作要点文件`,
    )
  const named = withTasks.filter((r) => r.plan.tasks.some((t) => unitsOf(t).length > 0))
  // A file whose tasks name no unit at all (notes, a list) serves only when no file names units.
  const read = named.length > 0 ? named : withTasks.slice(-1)
  const ignored = withTasks.filter((r) => !read.includes(r)).map((r) => r.seed.name)
  return { read, skipped, ignored }
}

async function buildPlanIndex(
  seeds: SeedFile[],
  dir: string,
  hash: string,
  limits: ReadLimits,
): Promise<Omit<PlanIndex, 'rebuilt' | 'plan' | 'search'>> {
  const { read, skipped, ignored } = await choosePlans(seeds, limits)
  const unitWords = read.flatMap((r) => r.plan.tasks.flatMap((t) => unitsOf(t).flatMap((u) => [u.name, u.alias ?? ''])))
  const dictionary = buildPlanDictionary(
    read.map((r) => r.text),
    unitWords,
  )
  mkdirSync(dir, { recursive: true })
  writeAtomic(join(dir, 'jieba.dict.utf8'), dictionary)
  loadDictionary(join(dir, 'jieba.dict.utf8'))
  const plans = read.map(({ plan, seed }) => {
    const search = new MiniSearch<TaskDocument>(indexOptions)
    search.addAll(plan.tasks.map((t) => toDocument(plan, t)))
    writeAtomic(planFile(dir, seed.name), `${JSON.stringify(plan, null, 2)}\n`)
    writeAtomic(searchFile(dir, seed.name), JSON.stringify(search))
    return { seed, plan, search }
  })
  removeStale(dir, new Set(plans.map((p) => p.seed.name)))
  const manifest: Manifest = {
    hash,
    planFiles: plans.map(({ seed, plan }) => ({
      name: seed.name,
      hash: seed.hash,
      tasks: plan.tasks.length,
      targets: plan.tasks.reduce((n, t) => n + t.targets.length, 0),
    })),
    ignoredFiles: ignored,
    skippedFiles: skipped,
  }
  // The manifest goes last: a crash mid-build leaves a mismatched hash, so the next start rebuilds.
  writeAtomic(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return { plans, ignoredFiles: ignored, skippedFiles: skipped }
}

/** Index files of plans no longer among the seeds (and the single-plan layout of earlier versions). */
function removeStale(dir: string, keep: Set<string>): void {
  for (const name of readdirSync(dir)) {
    const seed = name.match(/^(.*)\.(?:plan|search)\.json$/)?.[1]
    const stale = seed !== undefined ? !keep.has(seed) : name === 'plan.json' || name === 'search.json'
    if (stale) rmSync(join(dir, name), { force: true })
  }
}

/**
 * The plan file an index folder built by the single-plan version served (its manifest's `planFile`),
 * read before a rebuild replaces it: the plan that progress stored without a plan key was made against.
 */
export function previouslyServedPlan(dir: string, seedNames: string[] = []): string | null {
  const servedBy = (folder: string) => {
    const old = readManifest(folder) as (Manifest & { planFile?: unknown }) | null
    return typeof old?.planFile === 'string' ? old.planFile : null
  }
  const own = servedBy(dir)
  if (own) return own
  // An index in the temp folder is named by the hash of the seeds and the code, so the previous
  // version's is a sibling: the newest single-plan manifest there that names one of these seeds.
  const parent = dirname(dir)
  if (!basename(dir).startsWith('gzyd-index-')) return null
  let best: { file: string; at: number } | null = null
  for (const name of readdirSync(parent)) {
    if (!name.startsWith('gzyd-index-') || join(parent, name) === dir) continue
    const file = servedBy(join(parent, name))
    if (!file || !seedNames.includes(file)) continue
    const at = statSync(join(parent, name, 'manifest.json')).mtimeMs
    if (!best || at > best.at) best = { file, at }
  }
  return best?.file ?? null
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
