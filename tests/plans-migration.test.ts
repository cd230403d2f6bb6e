import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../src/core/progress/sqlite-schema.js'
import { BUNDLED_PLAN_FILE } from './helpers/plan.js'
import { type AskingRuntime, type PlansFolder, plansFolder } from './helpers/plans-over-time.js'

/**
 * Migration from the schema before plan keys (version 4), with data in it: every old update and
 * binding is given the plan it was made against, once, with an audit row; nothing is lost.
 */

let folder: PlansFolder
const running: AskingRuntime[] = []

afterEach(async () => {
  for (const rt of running.splice(0)) await rt.close()
  rmSync(folder.dir, { recursive: true, force: true })
})

/** A database exactly as the single-plan version left it: schema 4, two updates, one binding. */
function oldDatabase(file: string, updates: { task: number; unit: string; text: string; at: string }[]): void {
  const db = new Database(file)
  for (const sql of MIGRATIONS.slice(0, 4)) db.exec(sql)
  db.pragma('user_version = 4')
  const insert = db.prepare(
    `INSERT INTO updates (task, unit, user, user_name, text, original, figures, attainment, done, source_id, at)
     VALUES (?, ?, 'cli:clerk', '张三', ?, ?, '[]', NULL, 0, NULL, ?)`,
  )
  for (const u of updates) insert.run(u.task, u.unit, u.text, u.text, u.at)
  db.prepare(
    `INSERT INTO bindings (user, unit, status, user_name, requested_at, approved_by) VALUES ('cli:clerk', '知识产权促进科', 'approved', '张三', ?, NULL)`,
  ).run('2023-03-01T00:00:00.000Z')
  db.close()
}

async function start(at: string): Promise<AskingRuntime> {
  const rt = await folder.start(at)
  running.push(rt)
  return rt
}

const keyOf = (rt: AskingRuntime, year: number) => rt.plans.plans.find((p) => p.identity.year === year)?.identity.key as string

describe('migrating a single-plan database to plan keys', () => {
  it('gives old rows the plan the previous version served (its index manifest), even when a newer plan has joined', async () => {
    folder = plansFolder()
    folder.addPlan2024()
    oldDatabase(join(folder.dir, 'bot.db'), [
      { task: 20, unit: '知识产权促进科', text: '发明专利申请量900件', at: '2023-05-10T02:00:00.000Z' },
      // Logged in 2024, but against the 2023 plan the old version served.
      { task: 20, unit: '知识产权促进科', text: '全年发明专利申请量2100件', at: '2024-01-15T02:00:00.000Z' },
    ])
    mkdirSync(join(folder.dir, 'index'))
    writeFileSync(
      join(folder.dir, 'index', 'manifest.json'),
      JSON.stringify({ hash: 'old', planFile: BUNDLED_PLAN_FILE, ignoredFiles: [], tasks: 64, targets: 37 }),
    )
    const rt = await start('2024-02-01T10:00:00+08:00')
    const key2023 = keyOf(rt, 2023)
    expect((await rt.store.liveUpdates()).map((u) => [u.plan, u.text])).toEqual([
      [key2023, '发明专利申请量900件'],
      [key2023, '全年发明专利申请量2100件'],
    ])
    expect(await rt.store.getBinding('cli:clerk')).toMatchObject({ unit: '知识产权促进科', status: 'approved', plan: key2023 })
    const migrate = (await rt.store.auditTrail()).filter((e) => e.action === 'migrate')
    expect(migrate).toHaveLength(1)
    expect(migrate[0]?.detail).toMatchObject({ updates: 2, bindings: 1, byPlan: { [key2023]: 2 }, previouslyServed: BUNDLED_PLAN_FILE })
    expect((await rt.ask('2023年第20条进展')).reply).toContain('2100件')
    expect((await rt.ask('第20条进展')).reply).toContain('暂无进度报送')
    // The clerk's binding still works for reporting on the 2023 plan.
    expect((await rt.ask('进度 2023年第20条 补报：发明专利授权量1100件')).reply).toContain('已记录')
  })

  it('without a manifest, uses the plan of the update’s own year that has the task, and migrates once', async () => {
    folder = plansFolder()
    folder.addPlan2024()
    oldDatabase(join(folder.dir, 'bot.db'), [
      { task: 20, unit: '知识产权促进科', text: '发明专利申请量900件', at: '2023-05-10T02:00:00.000Z' },
      { task: 3, unit: '知识产权促进科', text: '发明专利授权量30件', at: '2024-03-10T02:00:00.000Z' },
      // The 2024 plan has no task 60: the old version could only have stored it against the 2023 plan.
      { task: 60, unit: '特种设备安全监察科', text: '电梯排查完成', at: '2024-03-11T02:00:00.000Z' },
      // Logged in 2024 on task 20 by the unit of the 2023 task 20 (the 2024 task 20 is 质量发展科's).
      { task: 20, unit: '知识产权促进科', text: '全年发明专利申请量2100件', at: '2024-01-15T02:00:00.000Z' },
    ])
    let rt = await start('2024-04-01T10:00:00+08:00')
    const [k23, k24] = [keyOf(rt, 2023), keyOf(rt, 2024)]
    expect((await rt.store.liveUpdates()).map((u) => [u.task, u.plan])).toEqual([
      [20, k23],
      [20, k23],
      [3, k24],
      [60, k23],
    ])
    const reader = new Database(join(folder.dir, 'bot.db'), { readonly: true })
    expect(reader.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    reader.close()
    await rt.close()
    running.splice(0)
    rt = await start('2024-04-02T10:00:00+08:00')
    expect((await rt.store.auditTrail()).filter((e) => e.action === 'migrate')).toHaveLength(1)
    expect(await rt.store.liveUpdates()).toHaveLength(4)
  })
})
