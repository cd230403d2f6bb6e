/**
 * Where a reply goes, as send jobs for the Outbox. An event is answered with chat.postMessage in the
 * asker's thread (a top-level direct message: in the conversation); a slash command through its
 * `response_url`, visible to the asker only. Export files are uploaded with files.uploadV2 (the
 * older files.upload is retired by Slack) into the same channel and thread.
 */
import type { webApi } from '@slack/bolt'
import type { Logger } from '../../core/log.js'
import type { BotReply } from '../../core/message.js'
import { escapeMrkdwn } from './mrkdwn.js'
import type { SendJob } from './outbox.js'
import type { SlackMessage } from './render.js'

export interface ReplyTarget {
  /** The Outbox room: the channel id, so one channel's replies never overtake each other. */
  room: string
  post(message: SlackMessage): SendJob
  upload(file: NonNullable<BotReply['file']>): SendJob
}

export interface ApiContext {
  client: webApi.WebClient
  token: string
  log: Logger
}

/** Replies in a channel or direct message, in `threadTs` when set. */
export function threadTarget(api: ApiContext, channel: string, threadTs: string | undefined): ReplyTarget {
  const thread = threadTs ? { thread_ts: threadTs } : {}
  const post =
    (message: SlackMessage): SendJob =>
    async () => {
      await api.client.chat.postMessage({
        token: api.token,
        channel,
        ...thread,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(message.metadata ? { metadata: message.metadata } : {}),
        unfurl_links: false,
        unfurl_media: false,
      })
    }
  return { room: channel, post, upload: (file) => uploadJob(api, channel, threadTs, file, post) }
}

/** The subset of bolt's `respond` this adapter uses. */
export type Respond = (message: {
  response_type: 'ephemeral' | 'in_channel'
  text: string
  blocks?: SlackMessage['blocks']
  replace_original?: boolean
}) => Promise<unknown>

/** Replies to a slash command through its response_url (Slack allows five uses within 30 minutes). */
export function commandTarget(api: ApiContext, channel: string, respond: Respond): ReplyTarget {
  const post =
    (message: SlackMessage): SendJob =>
    async () => {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      })
    }
  return { room: channel, post, upload: (file) => uploadJob(api, channel, undefined, file, post) }
}

/** Uploads the file; if Slack refuses (e.g. the bot is not in the channel) says so instead of failing silently. */
function uploadJob(
  api: ApiContext,
  channel: string,
  threadTs: string | undefined,
  file: NonNullable<BotReply['file']>,
  post: (message: SlackMessage) => SendJob,
): SendJob {
  return async () => {
    try {
      const upload = { token: api.token, channel_id: channel, file: file.path, filename: file.name, title: file.name }
      await api.client.filesUploadV2(threadTs ? { ...upload, thread_ts: threadTs } : upload)
    } catch (error) {
      api.log.error('slack: file upload failed', { channel, file: file.name, error })
      const text = `文件「${file.name}」已生成，但上传到 Slack 失败。请邀请机器人加入本频道后重试，或私信机器人。`
      await post({ text: escapeMrkdwn(text) })()
    }
  }
}
