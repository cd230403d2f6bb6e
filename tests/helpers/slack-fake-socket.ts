/**
 * A fake Socket Mode endpoint on the fake Web API's server: `apps.connections.open` hands out
 * `ws://127.0.0.1:…/socket`, and this minimal WebSocket server (RFC 6455: handshake, text frames,
 * ping → pong, close) says `hello`, delivers Events API envelopes and records the client's acks.
 * Written by hand so the tests need no WebSocket package of their own.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { Socket } from 'node:net'
import type { FakeSlackApi } from './slack-fake-api.js'

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

export class FakeSocketMode {
  /** Envelope ids the client acknowledged, in order. */
  readonly acks: string[] = []
  private socket: Socket | undefined
  private connected: Promise<void>
  private onConnect: () => void = () => {}

  constructor(api: FakeSlackApi) {
    this.connected = new Promise((resolve) => {
      this.onConnect = resolve
    })
    api.httpServer.on('upgrade', (req, socket: Socket) => {
      const key = String(req.headers['sec-websocket-key'] ?? '')
      const accept = createHash('sha1')
        .update(key + GUID)
        .digest('base64')
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      )
      this.socket = socket
      let buffer = Buffer.alloc(0)
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk])
        for (let frame = readFrame(buffer); frame; frame = readFrame(buffer)) {
          buffer = buffer.subarray(frame.size)
          this.onFrame(frame.opcode, frame.payload)
        }
      })
      socket.on('error', () => {})
      this.send({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' }, debug_info: {} })
      this.onConnect()
    })
  }

  /** Delivers an Events API body as Slack's Socket Mode does; returns the envelope id. */
  async deliver(body: unknown, retryAttempt = 0): Promise<string> {
    await this.connected
    const envelopeId = randomUUID()
    this.send({
      envelope_id: envelopeId,
      type: 'events_api',
      payload: body,
      accepts_response_payload: false,
      retry_attempt: retryAttempt,
      retry_reason: retryAttempt ? 'timeout' : '',
    })
    return envelopeId
  }

  /** Sends any text frame as is (malformed ones included). */
  async sendRaw(message: unknown): Promise<void> {
    await this.connected
    this.write(0x1, Buffer.from(typeof message === 'string' ? message : JSON.stringify(message), 'utf8'))
  }

  private onFrame(opcode: number, payload: Buffer): void {
    if (opcode === 0x1) {
      const message = JSON.parse(payload.toString('utf8')) as { envelope_id?: string }
      if (message.envelope_id) this.acks.push(message.envelope_id)
    } else if (opcode === 0x9) this.write(0xa, payload)
    else if (opcode === 0x8) {
      this.write(0x8, payload)
      this.socket?.end()
    }
  }

  private send(message: unknown): void {
    this.write(0x1, Buffer.from(JSON.stringify(message), 'utf8'))
  }

  /** A final, unmasked server frame. */
  private write(opcode: number, payload: Buffer): void {
    const n = payload.length
    const head =
      n < 126
        ? Buffer.from([0x80 | opcode, n])
        : n < 65536
          ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 0xff])
          : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(n)])
    if (this.socket?.writable) this.socket.write(Buffer.concat([head, payload]))
  }
}

function bigLength(n: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(BigInt(n))
  return b
}

/** One complete (masked, client-to-server) frame at the start of `buf`, or undefined if incomplete. */
function readFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (buf.length < 2) return undefined
  const opcode = (buf[0] ?? 0) & 0x0f
  const masked = ((buf[1] ?? 0) & 0x80) !== 0
  let length = (buf[1] ?? 0) & 0x7f
  let offset = 2
  if (length === 126) {
    if (buf.length < 4) return undefined
    length = buf.readUInt16BE(2)
    offset = 4
  } else if (length === 127) {
    if (buf.length < 10) return undefined
    length = Number(buf.readBigUInt64BE(2))
    offset = 10
  }
  const maskLength = masked ? 4 : 0
  if (buf.length < offset + maskLength + length) return undefined
  const mask = buf.subarray(offset, offset + maskLength)
  const payload = Buffer.from(buf.subarray(offset + maskLength, offset + maskLength + length))
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0)
  return { opcode, payload, size: offset + maskLength + length }
}
