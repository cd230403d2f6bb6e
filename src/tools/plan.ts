import { parseArgs } from 'node:util'
import { describePlan } from '../core/plan/describe.js'
import { readSeedPlan } from '../core/plan/load-seeds.js'
import { argsOrUsage, runTool } from './run-tool.js'

/**
 * `npm run plan -- [--json] FILE`: how the bot reads a plan file. Text: title, sections, every task
 * with label, lead, partners, deadline and targets, and every problem with file and line. `--json`:
 * one JSON object, the shape of index/<plan file>.plan.json. Exit 0 when the file holds tasks, 1 when it holds
 * none or cannot be read (with a message on stderr), 2 for bad arguments.
 */

const USAGE = `用法 (usage): npm run plan -- [--json] 文件
  读出工作要点文件（.txt .docx .xlsx .csv .pdf），列出读到的标题、部分、任务（编号、牵头单位、配合单位、完成时限、目标）和问题。
  --json  以一个 JSON 对象输出（与 index/<文件名>.plan.json 同形）`

async function main(): Promise<number> {
  const args = argsOrUsage(parse, USAGE)
  if (!args) return 2
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const [file] = args.positionals
  if (!file || args.positionals.length > 1) {
    process.stderr.write(`请给出一个文件。\n${USAGE}\n`)
    return 2
  }
  const { plan } = await readSeedPlan(file)
  if (plan.tasks.length === 0) {
    process.stderr.write(`「${file}」里没有读到任何任务。${plan.problems.map((p) => `\n  ${p.file}:${p.line} ${p.message}`).join('')}\n`)
    if (args.values.json) process.stdout.write(`${JSON.stringify(plan)}\n`)
    return 1
  }
  process.stdout.write(args.values.json ? `${JSON.stringify(plan, null, 2)}\n` : `${describePlan(plan)}\n`)
  return 0
}

function parse() {
  return parseArgs({ options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true })
}

runTool(main, '读取')
