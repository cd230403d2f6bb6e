import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebAdapter } from '../src/adapters/web/start.js'
import { TokenSigner } from '../src/adapters/web/token.js'
import { boot } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import type { Logger } from '../src/core/log.js'
import { ADMIN, LEADER, SECRET, startWebHarness, type WebHarness } from './helpers/web-door.js'

/** The web door over HTTP on 127.0.0.1: who gets in, what every response carries, what is never logged. */

const HALF_YEAR = '2023-07-02T12:00:00+08:00'
let web: WebHarness
let cookie: string

async function enter(link: string): Promise<Response> {
  return fetch(link, { redirect: 'manual' })
}

beforeAll(async () => {
  web = await startWebHarness(HALF_YEAR)
  const first = await enter(web.linkFor(LEADER))
  cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
})
afterAll(() => web.close())

/** A GET with the request target exactly as given (no URL normalisation on the way). */
function rawGet(path: string): Promise<{ status: number; location: string | undefined }> {
  const { hostname, port } = new URL(web.door.origin)
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }))
    })
    req.on('error', reject)
    req.end()
  })
}

const get = (path: string, headers: Record<string, string> = { cookie }) =>
  fetch(`${web.door.origin}${path}`, { headers, redirect: 'manual' })

describe('access', () => {
  it('a signed link is swapped for an HttpOnly cookie and a redirect without the token', async () => {
    const res = await enter(web.linkFor(ADMIN))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/')
    expect(res.headers.get('set-cookie')).toMatch(/^gzyd_dashboard=[\w-]+\.[\w-]+; HttpOnly; SameSite=Lax; Path=\/; Max-Age=86400$/)
    expect((await get('/')).status).toBe(200)
  })

  it('401 without a token, with a tampered one, an expired one, or one for a user who is not a leader', async () => {
    expect((await get('/', {})).status).toBe(401)
    expect((await get('/assets/dashboard.css', {})).status).toBe(401)
    const [payload, mac] = cookie.split('=')[1]?.split('.') ?? []
    expect((await get('/', { cookie: `gzyd_dashboard=${payload}.${mac?.slice(0, -2)}xx` })).status).toBe(401)
    const clock = () => web.env.now()
    const signer = new TokenSigner(SECRET, () => true, clock)
    expect((await get('/', { cookie: `gzyd_dashboard=${signer.sign(LEADER, -1000)}` })).status).toBe(401)
    expect((await get('/', { cookie: `gzyd_dashboard=${signer.sign('cli:clerk', 3_600_000)}` })).status).toBe(401)
    expect(
      (await get('/', { cookie: `gzyd_dashboard=${new TokenSigner('another-secret-0123456', () => true, clock).sign(LEADER, 3_600_000)}` }))
        .status,
    ).toBe(401)
    expect((await enter(`${web.door.origin}/?t=forged.token`)).status).toBe(401)
  })

  it('links are given to leaders and admins only, and expire after BOT_WEB_LINK_HOURS', async () => {
    const links = web.env.runtime.context.settings.dashboard
    expect(links?.link('cli:clerk')).toBeNull()
    expect(web.linkFor(LEADER)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?t=[\w-]+\.[\w-]+$/)
    const link = web.linkFor(LEADER)
    web.env.at('2023-07-03T12:00:01+08:00')
    try {
      expect((await enter(link)).status).toBe(401)
    } finally {
      web.env.at(HALF_YEAR)
    }
  })
})

describe('responses', () => {
  it('carry a CSP without script, frame-ancestors none and the other security headers, 401s included', async () => {
    for (const res of [await get('/'), await get('/', {})]) {
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toMatch(/script-src|unsafe-inline|unsafe-eval/)
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
  })

  it('pages per section, task and unit, linked to each other; unknown ones 404', async () => {
    const overview = await (await get('/')).text()
    expect(overview).toContain('href="/section/3"')
    expect(overview).toContain(`href="/unit/${encodeURIComponent('知识产权促进科')}"`)
    const task = await (await get('/task/20')).text()
    expect(task).toContain('href="/section/3"')
    expect(task).toContain('发明专利申请量2000件以上')
    expect((await get(`/unit/${encodeURIComponent('知识产权促进科')}`)).status).toBe(200)
    expect((await get('/section/3')).status).toBe(200)
    expect((await get('/task/999')).status).toBe(404)
    expect((await get(`/unit/${encodeURIComponent('火星移民办')}`)).status).toBe(404)
  })

  it('no path reaches a file: traversal in any spelling is 404', async () => {
    for (const path of [
      '/../package.json',
      '/assets/../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/unit/..%2F..%2Fpackage.json',
      '/task/20/../../etc/passwd',
      '/%00',
    ]) {
      const res = await get(path)
      expect([400, 404]).toContain(res.status)
      expect(await res.text()).not.toContain('"dependencies"')
    }
  })

  it('the token swap redirects only to a route of the site, built from the route; other paths are 404', async () => {
    const token = new URL(web.linkFor(LEADER)).searchParams.get('t') ?? ''
    // Sent as raw request targets (fetch would normalise them first).
    for (const path of ['/.//other.example/', '/%2e//other.example/', '/..//other.example/', '/./\\other.example/', '//other.example/']) {
      const res = await rawGet(`${path}?t=${token}`)
      expect(res.status, path).toBe(404)
      expect(res.location, path).toBeUndefined()
    }
    const kept = await rawGet(`/./task/20?asof=2023-06-30&plan=x&t=${token}&next=//other.example`)
    expect(kept.status).toBe(303)
    expect(kept.location).toBe('/task/20?plan=x&asof=2023-06-30')
    const unit = await rawGet(`/unit/${encodeURIComponent('知识产权促进科')}?t=${token}`)
    expect(unit.location).toBe(`/unit/${encodeURIComponent('知识产权促进科')}`)
  })

  it('the as-of date shows the plan as it stood then, and links keep it', async () => {
    await web.env.say('u1', '我是知识产权促进科的', '张三')
    await web.env.say('u1', '进度 22 已开展专利导航服务', '张三')
    const before = await (await get('/task/22?asof=2023-06-30')).text()
    expect(before).toContain('截至 <strong>2023-06-30</strong>')
    expect(before).toContain('尚无报送')
    expect(before).toContain('href="/section/3?asof=2023-06-30"')
    expect(await (await get('/task/22')).text()).toContain('已开展专利导航服务')
  })

  it('only GET', async () => {
    expect((await fetch(`${web.door.origin}/`, { method: 'POST', headers: { cookie } })).status).toBe(405)
  })
})

describe('without BOT_WEB_SECRET', () => {
  it('listens on 127.0.0.1, prints a one-time link that works once, and never logs a token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gzyd-web-local-'))
    const logged: string[] = []
    const record = (level: string) => (message: string, fields?: unknown) =>
      logged.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`)
    const log = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') } as unknown as Logger
    const config = loadConfig({ BOT_DB: join(dir, 'bot.db'), BOT_EXPORT_DIR: join(dir, 'x'), LOG_LEVEL: 'silent', BOT_LEADERS: LEADER })
    const runtime = await boot(config, { log })
    const printed: string[] = []
    const door = await startWebAdapter(runtime, { port: 0, print: (l) => printed.push(l) })
    try {
      expect(runtime.context.settings.dashboard).toBeUndefined()
      expect((door.server.address() as { address: string }).address).toBe('127.0.0.1')
      const link = door.localLink ?? ''
      expect(printed.join('\n')).toContain(link)
      const first = await fetch(link, { redirect: 'manual' })
      expect(first.status).toBe(303)
      const session = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      expect((await fetch(`${door.origin}/`, { headers: { cookie: session } })).status).toBe(200)
      expect((await fetch(link, { redirect: 'manual' })).status).toBe(401)
      const token = new URL(link).searchParams.get('t') ?? ''
      const sessionToken = session.split('=')[1] ?? ''
      expect(logged.some((l) => l.includes('web: request'))).toBe(true)
      expect(logged.filter((l) => l.includes(token) || l.includes(sessionToken))).toEqual([])
    } finally {
      await door.stop()
      await runtime.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

// Last in this file: it closes the store under the running door.
describe('a failing store', () => {
  it('costs one page (500, in Chinese), never the process: the door keeps answering', async () => {
    await web.env.runtime.store.close()
    const res = await get('/')
    expect(res.status).toBe(500)
    expect(await res.text()).toContain('看板暂时无法显示')
    expect((await get('/', {})).status).toBe(401)
  })
})
