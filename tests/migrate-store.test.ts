import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { boot } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { PgStore } from '../src/core/progress/pg-store.js'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import { PNG } from './helpers/evidence-files.js'
import { newUpdate } from './helpers/new-update.js'
import { eachStore } from './helpers/store-kinds.js'

/** `npm run migrate-store`: a real SQLite store copied into a real PostgreSQL database, counted, and a non-empty target refused. */

const run = promisify(execFile)

async function migrate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/tools/migrate-store.ts', ...args])
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

eachStore(
  (kind) => {
    describe('migrate-store', () => {
      it('copies every table of a SQLite store, keeps ids, checks the counts, and refuses a target that is not empty', async () => {
        // A store as a bureau has it: bindings, reports (one withdrawn), audit, deliveries, check-ins, plan records.
        const file = await kind.sqliteFile()
        const r = await boot(loadConfig({ BOT_DB: file, BOT_BINDING_POLICY: 'open', LOG_LEVEL: 'silent' }, 'cli'))
        const ask = (text: string) => r.bot.handle({ text, user: 'slack:U1', platform: 'cli' })
        await ask('我是知识产权促进科的')
        await ask('进度 20 截至6月底发明专利申请量1200件')
        await ask('进度 20 截至7月底发明专利申请量1500件')
        await ask('撤回')
        // The 督办 cycle and a 佐证材料 file come along too.
        await ask('办结 22 重点跟踪企业名单已确定')
        // A co-unit's 办结 request owes the lead unit's clerk (slack:U1) a notice.
        await r.bot.handle({ text: '我是市知识产权保护中心的', user: 'slack:U2', platform: 'cli' })
        await r.bot.handle({ text: '办结 20 全年申请量目标已完成', user: 'slack:U2', platform: 'cli' })
        await r.bot.handle({ text: '佐证 20', user: 'slack:U1', platform: 'cli', files: [{ name: '现场.png', read: async () => PNG }] })
        await r.close()
        const sqlite = new SqliteStore(file)
        await sqlite.addUpdate(newUpdate({ sourceId: 'slack:E9', text: '含\u0000字符' }))
        await sqlite.delivery.accept('in:1', { text: '未答' }, '2024-07-01T00:00:00.000Z')
        await sqlite.delivery.queueReplies('in:2', [{ room: 'C1', payload: { text: '未发' } }], '2024-07-01T00:00:00.000Z')
        await sqlite.checkIns.claim(
          { plan: 'p', periodStart: '2024-07-01', kind: 'check-in', user: 'slack:U1' },
          '提醒',
          '2024-07-25T01:00:00.000Z',
        )
        await sqlite.identities.remember('wechat:a', 'fp', '张三', '2024-07-01T00:00:00.000Z')
        const expected = {
          updates: await sqlite.updatesForTask(20, { includeWithdrawn: true }),
          audit: await sqlite.auditTrail(1000),
          binding: await sqlite.getBinding('slack:U1'),
          plans: await sqlite.plans.all(),
          events: await sqlite.cycle.list(),
          evidence: await sqlite.evidence.list(),
          notices: await sqlite.notices.list(),
        }
        expect(expected.events).toHaveLength(2)
        expect(expected.notices.map((n) => [n.kind, n.to])).toEqual([['close_request', 'slack:U1']])
        expect(expected.evidence).toHaveLength(1)
        await sqlite.close()

        const done = await migrate('--from', file, '--to', kind.target)
        expect(done.stderr).toBe('')
        expect(done.code).toBe(0)
        expect(done.stdout).toContain('各表行数一致')
        expect(done.stdout).toMatch(/updates\s+3 →\s+3/)

        const pg = await PgStore.open(kind.target)
        try {
          const updates = await pg.updatesForTask(20, { includeWithdrawn: true })
          expect(updates.map((u) => ({ ...u, text: u.text.replace('\uFFFD', '\u0000') }))).toEqual(expected.updates)
          expect(await pg.auditTrail(1000)).toEqual(expected.audit)
          expect(await pg.getBinding('slack:U1')).toEqual(expected.binding)
          expect(await pg.plans.all()).toEqual(expected.plans)
          expect(await pg.cycle.list()).toEqual(expected.events)
          expect(await pg.evidence.list()).toEqual(expected.evidence)
          expect(await pg.notices.list()).toEqual(expected.notices)
          expect((await pg.notices.pending('slack')).map((n) => n.id)).toEqual(expected.notices.map((n) => n.id))
          expect(Buffer.from((await pg.evidence.read(expected.evidence[0]?.id ?? 0))?.bytes ?? [])).toEqual(PNG)
          expect(await pg.identities.get('wechat:a')).toMatchObject({ fingerprint: 'fp', name: '张三' })
          expect(await pg.checkIns.list('p', '2024-07-01')).toHaveLength(1)
          // The copied inbox entry and reply belong to no instance: the first to look takes them.
          expect((await pg.delivery.openMessages()).map((e) => e.key)).toEqual(['in:1'])
          expect((await pg.delivery.unsentReplies()).map((e) => e.payload)).toEqual([{ text: '未发' }])
          const next = await pg.addUpdate(newUpdate({ sourceId: 'after-move' }))
          expect(next.stored && next.update.id).toBe(Math.max(...expected.updates.map((u) => u.id)) + 1)
        } finally {
          await pg.close()
        }

        const again = await migrate('--from', file, '--to', kind.target)
        expect(again.code).toBe(1)
        expect(again.stderr).toContain('目标数据库不是空的')
        expect(again.stderr).toContain('未做任何修改')
      })

      it('explains its arguments: a target that is not PostgreSQL, a missing source file', async () => {
        const wrong = await migrate('--from', 'data/nothing-here.db', '--to', kind.target)
        expect(wrong.code).toBe(2)
        expect(wrong.stderr).toContain('找不到 SQLite 数据库文件')
        const notPg = await migrate('--from', 'package.json', '--to', 'mysql://u:secret@h/db')
        expect(notPg.code).toBe(2)
        expect(notPg.stderr).toContain('--to 应是 PostgreSQL 地址')
        expect(notPg.stderr).not.toContain('secret')
      })

      it('refuses to copy a SQLite file a running bot still has open', async () => {
        const file = await kind.sqliteFile()
        const open = new SqliteStore(file)
        try {
          const refused = await migrate('--from', file, '--to', kind.target)
          expect(refused.code).toBe(1)
          expect(refused.stderr).toContain(`机器人仍在使用 ${file}（进程 ${process.pid}）`)
        } finally {
          await open.close()
        }
      })
    })
  },
  ['postgres'],
)
