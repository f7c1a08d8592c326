import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo, createServer as createTcpServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A request the SMS gateway received. */
export interface SmsRequest {
  headers: IncomingHttpHeaders;
  body: Record<string, string>;
}

/**
 * A local HTTP server standing for the operator's SMS gateway: it records every POST and answers with the statuses
 * queued in `answers` (then 200 with a message id).
 */
export class SmsGatewayServer {
  readonly received: SmsRequest[] = [];
  /** The statuses of the next answers, in order; when empty, 200 `{ id: "sms-<n>" }`. */
  readonly answers: number[] = [];
  private server!: Server;
  url = '';

  /** Listens on `port` (0: any free one); start it again on its old port after `stop()` for a gateway that comes back. */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string> });
        const status = this.answers.shift() ?? 200;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 ? JSON.stringify({ code: 0, id: `sms-${this.received.length}` }) : JSON.stringify({ code: status, error: 'gateway trouble' }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms/send`;
    return this;
  }

  /** The messages received for this client reference (delivery id). */
  to(ref: string): SmsRequest[] {
    return this.received.filter((r) => r.body.ref === ref);
  }

  reset(): void {
    this.received.length = 0;
    this.answers.length = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One message the SMTP server accepted, with its raw text. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A header's value, unfolded, with RFC 2047 encoded words (=?UTF-8?B?…?= / ?Q?) decoded. */
export function mailHeader(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return undefined;
  const value = line.slice(name.length + 1).trim();
  // Adjacent encoded words are one byte sequence (a character may be split across them).
  return value.replace(/(=\?utf-8\?([bq])\?[^?]*\?=\s*)+/gi, (words) => {
    const bytes = [...words.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)].map(([, enc, text]) =>
      enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1'),
    );
    return Buffer.concat(bytes).toString('utf8');
  });
}

/** The text of a single-part message, its transfer encoding undone. */
export function mailText(raw: string): string {
  const [, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const encoding = mailHeader(raw, 'Content-Transfer-Encoding')?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return body;
}

/**
 * A real SMTP server in the test process (no TLS, no authentication, like a mail catcher). Recipients named in
 * `refuse` are refused with their SMTP code (e.g. 550 for good, 451 for now).
 */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  readonly refuse = new Map<string, number>();
  private server!: SMTPServer;
  url = '';

  async start(): Promise<this> {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const code = this.refuse.get(address.address);
        if (!code) return callback();
        callback(Object.assign(new Error(`${code === 550 ? 'No such user' : 'Try again later'}: ${address.address}`), { responseCode: code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  reset(): void {
    this.received.length = 0;
    this.refuse.clear();
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A local URL nothing listens on: a port taken from the system and closed again. */
export async function closedPortUrl(path = '/'): Promise<string> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}
