import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  received: string[];
  /** Messages refused with a temporary error (451), as they came. */
  refused: string[];
  /** Refuse the next N messages with a temporary error. */
  refuseNext(count: number): void;
  /** Keep the next message's answer back until `release` (the message is received then): a slow mail server. */
  holdNext(): { arrived: Promise<void>; release(): void };
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: string[] = [];
  const refused: string[] = [];
  let refusals = 0;
  let hold: { arrive(): void; released: Promise<void> } | null = null;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const message = Buffer.concat(chunks).toString('utf8');
        if (refusals > 0) {
          refusals -= 1;
          refused.push(message);
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        const held = hold;
        hold = null;
        held?.arrive();
        void (held?.released ?? Promise.resolve()).then(() => {
          received.push(message);
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refused,
    refuseNext: (count) => (refusals = count),
    holdNext: () => {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      hold = { arrive, released: new Promise<void>((resolve) => (release = resolve)) };
      return { arrived, release };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
