import type { Logger } from '../../core/log.js'
import type { IncomingFile } from '../../core/message.js'
import { downloadCapped, lazyFile } from '../chat/incoming-files.js'
import type { DingtalkApi } from './api.js'
import type { DingtalkMedia } from './read.js'

/**
 * A DingTalk picture or file as the core's IncomingFile: its `downloadCode` is exchanged for a
 * temporary download link through the robot OpenAPI (with the app's access token), and the link
 * is read without any credential, stopped once past the cap. A file's name comes with the message;
 * a picture's, if any, with the download.
 */

export function dingtalkFiles(media: DingtalkMedia[], msgId: string, api: DingtalkApi, log: Logger): IncomingFile[] {
  return media.map((m, i) =>
    lazyFile(
      {
        ...(m.name ? { name: m.name } : {}),
        fetch: async (maxBytes) => downloadCapped(await api.downloadUrl(m.downloadCode), maxBytes, 'dingtalk: a received file'),
      },
      log,
      'dingtalk',
      `${msgId}#${i + 1}`,
    ),
  )
}
