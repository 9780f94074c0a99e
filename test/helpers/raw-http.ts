/**
 * A bare HTTP/1.1 client on a socket, for tests about what a server does *before* it reads a body: the
 * request line and headers go out at once, the body only as much of it as the test sends, and the
 * answer is read whenever it comes, so a test can see a refusal arrive while the client still holds
 * (most of) the body it announced.
 */
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface RawRequest {
  /** Sends more of the body. */
  send(bytes: Buffer | string): void;
  /** Bytes of the body sent so far. */
  readonly sent: number;
  /** The server's answer (resolves as soon as it is complete, whatever was sent). */
  answer: Promise<RawAnswer>;
  /** Whether the server closed the connection after answering. */
  closed: Promise<void>;
  destroy(): void;
}

export function rawPost(url: string, headers: Record<string, string>, contentLength: number): RawRequest {
  const { hostname, port, pathname } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  const lines = [`POST ${pathname} HTTP/1.1`, `Host: ${hostname}:${port}`, `Content-Length: ${contentLength}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  let sent = 0;
  let received = Buffer.alloc(0);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...headerLines] = received.subarray(0, end).toString('latin1').split('\r\n');
      const answerHeaders = Object.fromEntries(
        headerLines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      const length = Number(answerHeaders['content-length'] ?? 0);
      const body = received.subarray(end + 4);
      if (body.length < length) return;
      resolve({
        status: Number(statusLine!.split(' ')[1]),
        headers: answerHeaders,
        body: JSON.parse(body.subarray(0, length).toString('utf8') || '{}') as Record<string, unknown>,
      });
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`the connection closed before an answer (sent ${sent} bytes)`)));
  });
  answer.catch(() => undefined);
  return {
    send(bytes) {
      const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
      sent += buffer.length;
      socket.write(buffer);
    },
    get sent() {
      return sent;
    },
    answer,
    closed,
    destroy: () => socket.destroy(),
  };
}
