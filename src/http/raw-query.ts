import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { Duplex } from 'node:stream'
import { zh } from '../../prompts/zh.ts'

/**
 * Lets `curl "http://host/api/search?q=外贸"` work. curl sends the UTF-8 bytes of the question as they are;
 * Node's HTTP parser (llhttp, even with insecureHTTPParser) refuses any byte over 0x7F in the request
 * target with HPE_INVALID_URL, before the app runs. When that happens, the request line is percent-encoded
 * (bytes over 0x7F only, as a browser would) and the connection's bytes are handed to the same server again
 * through a stream, so the request is parsed by Node and answered by the app like any other.
 */
export function acceptRawUtf8Targets(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    const invalidTarget = error.code === 'HPE_INVALID_URL'
    const fixed = invalidTarget && error.rawPacket ? encodeRequestLine(error.rawPacket) : undefined
    if (fixed && !socket.destroyed && !(socket as { replayed?: boolean }).replayed) {
      server.emit('connection', replay(socket, fixed))
      return
    }
    // What Node would answer, as JSON with a reason (the replay handles a connection's first request only).
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const [status, code, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? ['431 Request Header Fields Too Large', 'headers_too_large', zh.api.tooLarge]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? ['408 Request Timeout', 'timeout', zh.api.invalid]
          : [
              '400 Bad Request',
              invalidTarget ? 'invalid_url' : 'bad_request',
              invalidTarget ? zh.api.rawQuery : zh.api.invalid,
            ]
    const body = JSON.stringify({ error: { code, message } })
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  })
}

/** The packet with its first line's bytes over 0x7F percent-encoded; undefined when nothing needed it. */
export function encodeRequestLine(packet: Buffer): Buffer | undefined {
  const end = packet.indexOf('\r\n')
  const lineEnd = end < 0 ? packet.length : end
  const parts: Buffer[] = []
  let changed = false
  let start = 0
  for (let i = 0; i < lineEnd; i++) {
    const byte = packet[i] as number
    if (byte > 0x7f) {
      parts.push(packet.subarray(start, i), Buffer.from(`%${byte.toString(16).toUpperCase()}`))
      start = i + 1
      changed = true
    }
  }
  if (!changed) return undefined
  parts.push(packet.subarray(start))
  return Buffer.concat(parts)
}

/** A stream that reads `first` and then whatever else the socket receives, and writes to the socket. */
function replay(socket: Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read() {},
    write(chunk, _encoding, callback) {
      socket.write(chunk, callback)
    },
    final(callback) {
      socket.end(callback)
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined)
      callback(error)
    },
  })
  // Where the request came from, for the rate limiter (getConnInfo reads these off the socket).
  for (const name of ['remoteAddress', 'remotePort', 'remoteFamily'] as const) {
    Object.defineProperty(stream, name, { value: socket[name] })
  }
  Object.defineProperty(stream, 'replayed', { value: true })
  stream.push(first)
  socket.removeAllListeners('data')
  socket.on('data', (chunk) => stream.push(chunk))
  socket.on('end', () => stream.push(null))
  socket.on('close', () => stream.destroy())
  socket.resume()
  return stream
}
