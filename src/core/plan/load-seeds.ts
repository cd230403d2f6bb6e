import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Plan files in a seeds folder: every .txt/.md file, sorted by name. The only plan I/O. */
export interface SeedFile {
  name: string
  text: string
}

export function readSeeds(dir: string): SeedFile[] {
  let names: string[]
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder')
    names = readdirSync(dir).filter((n) => /\.(txt|md)$/i.test(n))
  } catch (error) {
    throw new Error(`seeds: cannot read plan folder ${dir}: ${(error as Error).message}`)
  }
  if (names.length === 0) throw new Error(`seeds: no plan files (*.txt) in ${dir}`)
  return names.sort().map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }))
}
