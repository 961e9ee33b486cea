import { AddressInfo, createServer, Server } from 'node:net';

export interface FakeSmtp {
  server: Server;
  port: number;
  messages: string[];
}

/** Just enough SMTP for nodemailer (EHLO, MAIL, RCPT, DATA, QUIT): keeps each message's raw text. */
export async function startFakeSmtp(): Promise<FakeSmtp> {
  const messages: string[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    let data: string[] | undefined;
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        if (data) {
          if (line === '.') {
            messages.push(data.join('\n'));
            data = undefined;
            socket.write('250 queued\r\n');
          } else data.push(line);
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250-fake\r\n250 8BITMIME\r\n');
        else if (/^DATA/i.test(line)) {
          data = [];
          socket.write('354 go on\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, messages };
}

/** The token of the `<path>?token=` link in a raw message (quoted-printable undone: soft breaks, =3D). */
export function linkToken(raw: string, path: string): string | undefined {
  const text = raw.replace(/=\n/g, '').replace(/=3D/g, '=');
  const match = new RegExp(`/${path}\\?token=([A-Za-z0-9_%-]+)`).exec(text);
  return match ? decodeURIComponent(match[1]) : undefined;
}
