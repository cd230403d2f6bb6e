/**
 * Runs an entry point from the compiled build: `node scripts/launch.mjs <entry> [args…]`, where
 * <entry> is a file of src/ without extension (main, ask). Used by `npm start`, `npm run ask` and
 * the chat doors, so they start on plain node (no TypeScript loader on the cold path).
 *
 * The build is made here when missing or stale, so `npm install && npm start` needs no other
 * step: dist/ is fresh when its stamp matches the sizes and times of every file under src/ and of
 * the tsconfig files. Building takes a lock (one builder at a time; the others wait and reuse its
 * result), writes the stamp last, and sends compiler output to stderr (stdout carries answers).
 * If the compiler cannot run, the entry runs from source through tsx instead, with a warning.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const DIST = join(ROOT, 'dist')
const STAMP = join(DIST, '.build-stamp')
const LOCK = join(ROOT, '.dist-build.lock')
/** A lock older than this was left by a builder that died; it is taken over. */
const STALE_LOCK_MS = 120_000

const entry = process.argv[2]
if (!entry || !/^[\w/-]+$/.test(entry) || !existsSync(join(ROOT, 'src', `${entry}.ts`))) {
  process.stderr.write(`usage: node scripts/launch.mjs <entry> [args…]   (entry: a file of src/ without .ts, e.g. main, ask)\n`)
  process.exit(2)
}

/** Sizes and modification times of everything the build reads, as one hash. */
function sourceStamp() {
  const hash = createHash('sha256')
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, e.name)
      if (e.isDirectory()) walk(path)
      else {
        const s = statSync(path)
        hash.update(`${relative(ROOT, path)}:${s.size}:${s.mtimeMs}\n`)
      }
    }
  }
  walk(join(ROOT, 'src'))
  for (const f of ['tsconfig.json', 'tsconfig.build.json']) {
    const s = statSync(join(ROOT, f))
    hash.update(`${f}:${s.size}:${s.mtimeMs}\n`)
  }
  return hash.digest('hex')
}

const fresh = (stamp) => existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Builds dist/ under the lock unless another process did meanwhile; true when dist/ is usable. */
function build(stamp) {
  for (;;) {
    try {
      mkdirSync(LOCK)
      break
    } catch {
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true })
      sleep(50)
      if (fresh(stamp)) return true
    }
  }
  try {
    if (fresh(stamp)) return true
    rmSync(STAMP, { force: true })
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' })
    if (run.status !== 0) {
      process.stderr.write(`${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? `${run.error.message}\n` : ''}`)
      return false
    }
    mkdirSync(dirname(STAMP), { recursive: true })
    writeFileSync(STAMP, stamp)
    return true
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}

const stamp = sourceStamp()
const compiled = fresh(stamp) || build(stamp)
// The entry sees the argv it would see if run directly: [node, its file, ...args].
process.argv.splice(1, 2, compiled ? join(DIST, `${entry}.js`) : join(ROOT, 'src', `${entry}.ts`))
if (compiled) await import(pathToFileURL(join(DIST, `${entry}.js`)).href)
else {
  process.stderr.write('launch: the compiled build could not be made (see above); running from source with tsx\n')
  const { register } = await import('tsx/esm/api')
  register()
  await import(pathToFileURL(join(ROOT, 'src', `${entry}.ts`)).href)
}
