import type { TestSystem } from './test-system';

/** Parses a text/event-stream body into {type, data} events (comments and keep-alives skipped). */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ type: string; data: any }> {
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trim());
      }
      if (data.length === 0) continue;
      yield { type, data: JSON.parse(data.join('\n')) };
    }
  }
}

/** A live notification stream, open and past its `ready` event; abort its controller to close it. */
export interface OpenStream {
  controller: AbortController;
  events: AsyncGenerator<{ type: string; data: any }>;
}

/** Opens the user's live notification stream (a Bearer token, or a stream ticket) and waits for its `ready` event. */
export async function openNotificationStream(
  system: TestSystem,
  auth: { token?: string; ticket?: string },
  controller = new AbortController(),
): Promise<OpenStream> {
  const path = auth.ticket ? `/api/notifications/stream?ticket=${encodeURIComponent(auth.ticket)}` : '/api/notifications/stream';
  const headers: Record<string, string> = auth.token ? { authorization: `Bearer ${auth.token}` } : {};
  const res = await fetch(system.url(path), { headers, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events = readEvents(res.body!);
  expect((await events.next()).value).toMatchObject({ type: 'ready' });
  return { controller, events };
}
