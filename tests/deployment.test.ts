import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import { ROOT } from './helpers/plan.js'

/**
 * What docs/部署.md tells an operator to install: the systemd units in deploy/ pass
 * `systemd-analyze verify` (with node and npm where this machine has them), the nightly backup
 * command writes dated copies and keeps the newest N, and every deploy/ file the guide names exists.
 */

const dir = mkdtempSync(join(tmpdir(), 'gzyd-deploy-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const UNITS = ['gongzuo-yaodian.service', 'gongzuo-yaodian-backup.service', 'gongzuo-yaodian-backup.timer']
const which = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim()

describe('deployment files', () => {
  it.skipIf(!which('systemd-analyze'))('the systemd units pass systemd-analyze verify', () => {
    const units = join(dir, 'units')
    mkdirSync(units)
    for (const unit of UNITS) {
      const text = readFileSync(join(ROOT, 'deploy', unit), 'utf8')
        .replace('/usr/bin/node', process.execPath)
        .replace('/usr/bin/npm', which('npm') || '/usr/bin/npm')
      writeFileSync(join(units, unit), text)
    }
    const run = spawnSync('systemd-analyze', ['verify', ...UNITS.map((u) => join(units, u))], { encoding: 'utf8', cwd: units })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
  })

  it('a unit the checker would refuse is refused (the check can fail)', () => {
    if (!which('systemd-analyze')) return
    const bad = join(dir, 'bad.service')
    writeFileSync(bad, '[Service]\nExecStart=/nonexistent/node main\n')
    expect(spawnSync('systemd-analyze', ['verify', bad], { encoding: 'utf8' }).status).not.toBe(0)
  })

  it('every deploy/ file the guide names is in the repository', () => {
    const guide = readFileSync(join(ROOT, 'docs', '部署.md'), 'utf8')
    const named = [...new Set(guide.match(/deploy\/[\w.-]+/g) ?? [])]
    expect(named.sort()).toEqual(expect.arrayContaining(UNITS.map((u) => `deploy/${u}`)))
    for (const file of named) expect(existsSync(join(ROOT, file)), file).toBe(true)
  })
})

describe('npm run backup -- FOLDER --keep N', () => {
  it('writes a dated copy into the folder and keeps the newest N', async () => {
    const db = join(dir, 'bot.db')
    await new SqliteStore(db).close()
    const backups = join(dir, 'backups')
    mkdirSync(backups)
    for (const old of ['bot-20200101-000000.db', 'bot-20200102-000000.db']) copyFileSync(db, join(backups, old))
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'tools', 'backup.ts'), `${backups}/`, '--keep', '2'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', BOT_DB: db, LOG_LEVEL: 'silent' },
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^backup: .*\/bot-\d{8}-\d{6}\.db\nintegrity_check: ok\nremoved: 1 older backups\n$/)
    const left = readdirSync(backups).sort()
    expect(left).toHaveLength(2)
    expect(left[0]).toBe('bot-20200102-000000.db')
  })
})
