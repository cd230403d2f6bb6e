import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { boot, type Runtime } from '../../src/boot.js'
import { loadConfig } from '../../src/config.js'
import type { BotReply } from '../../src/core/message.js'
import { BUNDLED_PLAN_FILE, ROOT } from './plan.js'

/**
 * Fixtures for plans over time: a seeds folder holding the bundled 2023 plan and, when asked, an
 * invented 2024 plan of another bureau whose task numbers overlap the 2023 ones (task 20 is about
 * quality there, about patents in 2023), and a runtime booted over it on a fixed clock.
 */

const UNITS = [
  '登记注册科',
  '信用监管科',
  '知识产权促进科',
  '质量发展科',
  '食品生产科',
  '特种设备安全监察科',
  '价格监督检查科',
  '广告监管科',
]
const WORK = [
  '推进企业开办全程网办，平均办理时间压缩到1个工作日',
  '开展经营主体年报公示，年报率达到95%以上',
  '实施专利转化专项计划，发明专利授权量达到120件',
  '开展质量提升行动，培育质量标杆企业3家',
  '加强食品生产许可审查，完成现场核查60家次',
  '开展电梯安全隐患排查整治，排查电梯800台',
  '开展涉企收费专项检查，检查单位40家',
  '加强户外广告监测，监测户外广告200块',
]
const SECTIONS = ['优化营商环境', '强化市场监管', '守牢安全底线']

/** An invented 津市市 2024 plan: 3 sections of 8 tasks, one 责任单位 each. */
export function plan2024(change: (n: number, line: string) => string | null = (_, l) => l): string {
  const lines = ['津市市市场监督管理局2024年工作要点', '2024年，全市市场监管系统坚持稳中求进，主要任务如下：']
  let n = 1
  SECTIONS.forEach((title, s) => {
    lines.push(`${'一二三'[s]}、${title}`)
    for (let k = 0; k < 8; k++, n++) {
      const line = change(n, `${n}.${WORK[(n - 1) % 8]}。（责任单位：${UNITS[(n - 1) % 8]}）`)
      if (line !== null) lines.push(line)
    }
  })
  return `${lines.join('\n')}\n`
}

export interface PlansFolder {
  dir: string
  seeds: string
  addPlan2024(text?: string): void
  start(at: string, env?: Record<string, string>): Promise<AskingRuntime>
}

export type AskingRuntime = Runtime & { ask(text: string, user?: string, channel?: string): Promise<BotReply> }

export function plansFolder(): PlansFolder {
  const dir = mkdtempSync(join(tmpdir(), 'gzyd-plans-'))
  const seeds = join(dir, 'seeds')
  mkdirSync(seeds)
  copyFileSync(join(ROOT, 'seeds', BUNDLED_PLAN_FILE), join(seeds, BUNDLED_PLAN_FILE))
  writeFileSync(join(seeds, `${BUNDLED_PLAN_FILE}.meta.json`), '{"issuer":"常德市市场监督管理局"}\n')
  return {
    dir,
    seeds,
    addPlan2024: (text = plan2024()) => writeFileSync(join(seeds, 'jinshi-2024.txt'), text),
    async start(at, env = {}) {
      const config = loadConfig(
        {
          BOT_SEEDS: seeds,
          BOT_DB: join(dir, 'bot.db'),
          BOT_INDEX_DIR: join(dir, 'index'),
          BOT_EXPORT_DIR: join(dir, 'exports'),
          LOG_LEVEL: 'silent',
          ...env,
        },
        'cli',
      )
      const runtime = await boot(config, { now: () => new Date(at) })
      return {
        ...runtime,
        ask: (text, user = 'cli:clerk', channel) => runtime.bot.handle({ text, user, platform: 'cli', ...(channel ? { channel } : {}) }),
      }
    },
  }
}
