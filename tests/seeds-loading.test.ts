import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import { afterEach, describe, expect, it } from 'vitest'
import { boot } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { createLogger } from '../src/core/log.js'
import { ROOT } from './helpers/plan.js'

/** Plan files of every container in a seeds folder, through boot and `npm run plan`, end to end. */

const folders: string[] = []
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true })
})

function seedsFolder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gzyd-seeds-'))
  folders.push(dir)
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return dir
}

async function bootOn(dir: string, level: 'warn' | 'info' = 'warn') {
  const lines: string[] = []
  const config = loadConfig({ BOT_SEEDS: dir, BOT_DB: join(dir, 'bot.db'), BOT_INDEX_DIR: join(dir, 'index'), LOG_LEVEL: level }, 'cli')
  const runtime = await boot(config, { log: createLogger(level, (l) => lines.push(l)) })
  return { runtime, lines, ask: (text: string) => runtime.bot.handle({ text, user: 'u1', platform: 'cli' }) }
}

async function planDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '某区市场监管局2024年工作要点', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: '一、优化营商环境', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('1.推行企业开办全程网办，网办率达到95%。（牵头单位：登记注册科；配合单位：信息中心）'),
          new Paragraph('2.开展涉企违规收费专项检查，6月底前完成。（牵头单位：价监科）'),
          new Paragraph({ text: '二、守牢安全底线', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('3.开展电梯安全隐患排查整治。（牵头单位：特安科；配合单位：各所）'),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}

describe('plan files in the seeds folder', () => {
  it('serves a .docx plan and answers from it', async () => {
    const { runtime, ask } = await bootOn(seedsFolder({ 'plan-2024.docx': await planDocx() }))
    try {
      expect(runtime.plan.tasks.map((t) => [t.number, t.lead?.name, t.deadline])).toEqual([
        [1, '登记注册科', null],
        [2, '价监科', '6月底前'],
        [3, '特安科', null],
      ])
      const reply = await ask('第2条谁牵头')
      expect(reply.tasks[0]).toMatchObject({ number: 2, lead: '价监科' })
    } finally {
      await runtime.close()
    }
  })

  it('skips a stray file without tasks, with a warning that names it, and never serves it', async () => {
    const dir = seedsFolder({ 'a-plan.txt': '一、甲\n1.做好甲工作。（责任单位：甲科）', 'err.txt': 'Error: something failed at line 3' })
    const { runtime, lines } = await bootOn(dir)
    try {
      expect(runtime.plan.tasks).toHaveLength(1)
      expect(lines.join('')).toMatch(/err\.txt skipped: 没有找到任务（读到 1 段文字）/)
    } finally {
      await runtime.close()
    }
  })

  it('never serves a binary file saved as .txt, nor a list without units over a plan with them', async () => {
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 7919 + 13) % 256))
    const dir = seedsFolder({
      'a-plan.txt': '一、甲\n1.做好甲工作。（责任单位：甲科）',
      'm-notes.txt': '1.买打印纸\n2.订会议室',
      'z-scan.txt': noise,
    })
    const { runtime, lines } = await bootOn(dir)
    try {
      expect(runtime.plan.tasks.map((t) => t.lead?.name)).toEqual(['甲科'])
      expect(lines.join('')).toMatch(/z-scan\.txt skipped: 无法读取工作要点文件「z-scan\.txt」：文件内容不是文字/)
    } finally {
      await runtime.close()
    }
  })

  it('refuses to start when no file holds a task, naming each file and what it saw', async () => {
    const dir = seedsFolder({ 'notes.txt': '这里只是一段说明。\n第二段说明。' })
    await expect(bootOn(dir)).rejects.toThrow(/notes\.txt：没有找到任务（读到 2 段文字）/)
  })

  it('logs the counts of the reading at start: tasks, leads, rules and problems by kind', async () => {
    const text = '1.甲。（责任单位：甲科、乙科，排第一的为牵头单位）\n一段不属于任务的话。\n2.乙。（请丙科牵头研究）\n3.丙。（丙科负责）'
    const { runtime, lines } = await bootOn(seedsFolder({ 'p.txt': text }), 'info')
    await runtime.close()
    const read = lines.find((l) => l.includes('plan: p.txt: read'))
    expect(JSON.parse(read?.slice(read.indexOf('{')) ?? '{}')).toEqual({
      tasks: 3,
      withLead: 2,
      withUnits: 2,
      rules: 1,
      'problems.unplaced': 1,
      'problems.no-units': 1,
      'problems.unused-units': 1,
    })
  })

  it('warns with counts when many tasks name no unit', async () => {
    const { runtime, lines } = await bootOn(seedsFolder({ 'p.txt': '1.甲。\n2.乙。\n3.丙。（责任单位：丙科）' }))
    await runtime.close()
    expect(lines.join('')).toContain('2 of 3 tasks name no responsible unit')
  })
})

describe('npm run plan', () => {
  const plan = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/tools/plan.ts'), ...args], { cwd: ROOT, encoding: 'utf8' })

  it('prints the plan as JSON with label and deadline per task', () => {
    const dir = seedsFolder({ 'p.txt': '一、做好甲工作，年底前完成。（甲科负责）\n二、做好乙工作。（乙科负责）' })
    const run = plan('--json', join(dir, 'p.txt'))
    expect(run.status).toBe(0)
    const json = JSON.parse(run.stdout)
    expect(json.tasks[0]).toMatchObject({ number: 1, label: '一', deadline: '年底前', lead: { name: '甲科' } })
  })

  it('prints how the file was read, with problems and their lines', () => {
    const dir = seedsFolder({ 'p.txt': '1.甲。（责任单位：甲科）\n3.丙。' })
    const run = plan(join(dir, 'p.txt'))
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('第1条（1）甲。')
    expect(run.stdout).toContain('p.txt:2 编号从 1 跳到 3（缺少 2）')
    expect(run.stdout).toContain('p.txt:2 第3条没有写明责任单位')
  })

  it('shows where each task’s units were read, the rules applied, and the problems grouped by kind', () => {
    const dir = seedsFolder({
      'p.txt': [
        '某县交通运输局2024年工作要点',
        '以下各项任务均需各乡镇配合落实，不再一一列出。',
        '1.修建公路。（牵头单位：县交通局；责任股室：建设股；分管领导：张副局长；完成时限：9月底前）',
        '2.养护公路。（请养护站牵头研究）',
      ].join('\n'),
    })
    const run = plan(join(dir, 'p.txt'))
    expect(run.status).toBe(0)
    for (const line of [
      '规则：「以下各项任务均需各乡镇配合落实，不再一一列出。」→ 各乡镇为以下各项任务的配合单位（用于第1、2条）',
      '      牵头：县交通局；配合：各乡镇',
      '      责任处室（本单位）：建设股',
      '      分管领导（人员）：张副局长',
      '      单位读自：括注「（牵头单位：县交通局；责任股室：建设股；分管领导：张副局长；完成时限：9月底前）」；规则「以下各项任务均需各乡镇配合落实，不再一一列出。」',
      '      时限：9月底前（2024-09-30）',
      '  像是单位但未使用的文字（1）：',
      '    p.txt:4 第2条中「（请养护站牵头研究）」像是责任单位，但未能读出，未使用',
    ])
      expect(run.stdout).toContain(line)
  })

  it('exits 1 with a clear message for a file without tasks or one it cannot read', () => {
    const dir = seedsFolder({ 'empty.txt': '只有一段话。', 'x.xls': 'old' })
    const none = plan(join(dir, 'empty.txt'))
    expect(none.status).toBe(1)
    expect(none.stderr).toContain('没有读到任何任务')
    const xls = plan(join(dir, 'x.xls'))
    expect(xls.status).toBe(1)
    expect(xls.stderr).toContain('请另存为 .xlsx')
    const folder = plan(dir)
    expect(folder.status).toBe(1)
    expect(folder.stderr).toContain('这是一个文件夹，不是文件')
  })
})
