import type { Logger } from '../../core/log.js'
import type { IncomingFile } from '../../core/message.js'
import { lazyFile, readCapped } from '../chat/incoming-files.js'
import type { SlackFileRef } from './inbound.js'

/**
 * Files shared in Slack as the core's IncomingFiles: downloaded on demand from `url_private_download`
 * with the bot token (scope files:read), stopping as soon as more than the allowed bytes arrive. The
 * token is only ever sent to Slack's file host (or the host of SLACK_API_URL, for tests and proxies),
 * whatever URL an event names.
 */

export const SLACK_FILE_HOST = 'files.slack.com'

export interface SlackFileOptions {
  token: string
  /** Base of the Web API (SLACK_API_URL); its host may serve files too. */
  apiUrl?: string
  /** Where a failed download is reported (the core only tells the sender it could not be fetched). */
  log?: Logger
}

function allowedHost(url: URL, opts: SlackFileOptions): boolean {
  if (url.protocol === 'https:' && url.hostname === SLACK_FILE_HOST) return true
  return opts.apiUrl !== undefined && url.host === new URL(opts.apiUrl).host
}

export function slackFiles(refs: SlackFileRef[], opts: SlackFileOptions): IncomingFile[] {
  return refs.map((ref) =>
    lazyFile(
      {
        ...(ref.name ? { name: ref.name } : {}),
        ...(ref.size !== undefined ? { size: ref.size } : {}),
        fetch: async (maxBytes) => ({ bytes: await download(ref, opts, maxBytes) }),
      },
      opts.log,
      'slack',
      ref.id,
    ),
  )
}

async function download(ref: SlackFileRef, opts: SlackFileOptions, maxBytes: number): Promise<Uint8Array> {
  const where = ref.url_private_download ?? ref.url_private
  if (!where) throw new Error(`slack: file ${ref.id} has no download URL`)
  const url = new URL(where)
  if (!allowedHost(url, opts)) throw new Error(`slack: file ${ref.id} is not on ${SLACK_FILE_HOST}; not downloaded`)
  const res = await fetch(url, { headers: { Authorization: `Bearer ${opts.token}` }, redirect: 'error' })
  if (!res.ok || !res.body) throw new Error(`slack: downloading file ${ref.id} failed with HTTP ${res.status}`)
  // Without files:read Slack answers with its sign-in page instead of the file.
  if ((res.headers.get('content-type') ?? '').startsWith('text/html'))
    throw new Error(`slack: file ${ref.id} came back as a web page; does the app have the files:read scope?`)
  return readCapped(res, maxBytes)
}
