import qrcodeTerminal from 'qrcode-terminal'
import type { Wechaty } from 'wechaty'
import { qrcodeValueToImageUrl, ScanStatus } from 'wechaty'
import type { Logger } from '../../core/log.js'
import { RateLimitedLog } from '../chat/rate-limited-log.js'

/**
 * Login lifecycle: the QR code to scan (printed in the terminal, plus an image link for terminals
 * that cannot draw it), login and logout, and puppet errors. The ids the bot logs in under are
 * collected in `selfIds` so its own messages are recognised by id even if the puppet's `self()`
 * flag is wrong or the account changes after a re-login.
 */

/** Writes the QR code for a login URL; the default draws it on stderr (stdout stays for data). */
export type QrPrinter = (qrcode: string, imageUrl: string) => void

export const printQrToTerminal: QrPrinter = (qrcode, imageUrl) => {
  qrcodeTerminal.generate(qrcode, { small: true }, (art) => {
    process.stderr.write(`\n请用微信扫码登录 (scan with WeChat to log in):\n${art}\n${imageUrl}\n\n`)
  })
}

export function watchSession(
  wechaty: Wechaty,
  deps: { log: Logger; selfIds: Set<string>; printQr: QrPrinter; errorIntervalMs?: number },
): void {
  const { log, selfIds, printQr } = deps
  // A puppet that keeps failing (network down, session expired) emits an error every few
  // milliseconds; one line a minute with a count says as much.
  const puppetErrors = new RateLimitedLog(log, 'wechat: puppet error', deps.errorIntervalMs)

  wechaty.on('scan', (qrcode, status) => {
    if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
      const imageUrl = qrcodeValueToImageUrl(qrcode)
      log.info('wechat: waiting for QR scan', { status: ScanStatus[status], imageUrl })
      printQr(qrcode, imageUrl)
    } else {
      log.info('wechat: QR scan status', { status: ScanStatus[status] ?? status })
    }
  })

  wechaty.on('login', (user) => {
    selfIds.add(user.id)
    log.info('wechat: logged in', { user: user.name(), id: user.id })
  })

  wechaty.on('logout', (user, reason) => {
    log.warn('wechat: logged out', { user: user.name(), id: user.id, reason })
  })

  wechaty.on('error', (error) => puppetErrors.error(error))
}
