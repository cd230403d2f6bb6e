/**
 * Socket Mode with a guard at the frame boundary. @slack/socket-mode reads `payload.event.type` of
 * every `events_api` frame without checking it, inside an async listener: a frame without a payload
 * (or an event without a type) becomes an unhandled rejection, which ends a Node process. So the
 * receiver is built here, and its client's frame listener is wrapped: a frame the SDK cannot read
 * is logged once with its type and envelope id and dropped (never acknowledged: nothing of it was
 * stored); anything the SDK still throws while handling a frame is caught and logged the same way. The receiver's error handler logs a failed event and acknowledges it. The door keeps serving.
 */
import { SocketModeReceiver, type SocketModeReceiverOptions } from '@slack/bolt'
import type { Logger } from '../../core/log.js'

type FrameListener = (data: unknown, isBinary: boolean) => unknown

/** Why the SDK could not read this frame, or undefined when it can (unparseable text it ignores itself). */
export function frameProblem(text: string): { type?: unknown; envelopeId?: string; problem: string } | undefined {
  let frame: { type?: unknown; envelope_id?: unknown; payload?: { event?: { type?: unknown } } }
  try {
    frame = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof frame !== 'object' || frame === null) return { problem: 'frame is not a JSON object' }
  const envelopeId = typeof frame.envelope_id === 'string' ? frame.envelope_id : undefined
  const where = { type: frame.type, ...(envelopeId ? { envelopeId } : {}) }
  if (frame.type !== 'events_api') return undefined
  if (typeof frame.payload !== 'object' || frame.payload === null) return { ...where, problem: 'events_api frame without a payload' }
  if (typeof frame.payload.event !== 'object' || frame.payload.event === null)
    return { ...where, problem: 'events_api payload without an event' }
  if (typeof frame.payload.event.type !== 'string') return { ...where, problem: 'event without a type' }
  return undefined
}

export function guardedSocketReceiver(options: SocketModeReceiverOptions, log: Logger): SocketModeReceiver {
  const receiver = new SocketModeReceiver({
    ...options,
    processEventErrorHandler: async ({ error, event }) => {
      const body = event.body as { event_id?: unknown; type?: unknown } | undefined
      log.error('slack: a Socket Mode event failed in the SDK; acknowledged and dropped, the door keeps serving', {
        type: body?.type,
        eventId: body?.event_id,
        error,
      })
      return true
    },
  })
  const client = receiver.client
  const listeners = client.listeners('ws_message') as FrameListener[]
  client.removeAllListeners('ws_message')
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    const text = isBinary ? undefined : typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8')
    const bad = text === undefined ? undefined : frameProblem(text)
    if (bad) {
      log.warn('slack: dropped a Socket Mode frame the SDK cannot read', {
        type: bad.type,
        envelopeId: bad.envelopeId,
        problem: bad.problem,
      })
      return
    }
    for (const listener of listeners)
      Promise.resolve()
        .then(() => listener.call(client, data, isBinary))
        .catch((error: unknown) => log.error('slack: the Socket Mode SDK failed on a frame; the door keeps serving', { error }))
  })
  return receiver
}
