import { readServerSentEvents, type ServerSentEvent } from '../src/data-access/server-sent-events';

async function read(chunks: string[]): Promise<ServerSentEvent[]> {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  const out: ServerSentEvent[] = [];
  for await (const message of readServerSentEvents(body)) out.push(message);
  return out;
}

describe('server-sent events reader', () => {
  it('when events arrive split across chunks, then each is read whole with its type, data and id', async () => {
    const messages = await read(['event: sta', 'te\ndata: {"name":"a",', '"to":"DOWN"}\nid: 7\n\n', 'data: plain\n\n']);
    expect(messages).toEqual([
      { event: 'state', data: '{"name":"a","to":"DOWN"}', id: '7' },
      { event: 'message', data: 'plain', id: '7' },
    ]);
  });

  it('when data spans several lines or uses CRLF, then the lines are joined with newlines', async () => {
    expect(await read(['data: one\r\ndata: two\r\n\r\n'])).toEqual([{ event: 'message', data: 'one\ntwo', id: undefined }]);
  });

  it('when a comment (heartbeat) arrives, then it is reported as a comment, and an event without data is dropped', async () => {
    expect((await read([': keep-alive\n\n', 'event: state\n\n'])).map((m) => m.event)).toEqual(['comment']);
  });
});
