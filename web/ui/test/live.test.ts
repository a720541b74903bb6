import { describe, expect, it } from 'vitest';
import { LiveConnection, backoffDelay, type LiveMode, type SocketLike } from '../src/live';
import type { Message } from '../src/messages';

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.onopen?.({});
  }
  send(obj: unknown): void {
    this.onmessage?.({ data: typeof obj === 'string' ? obj : JSON.stringify(obj) });
  }
  drop(): void {
    this.onerror?.({});
    this.onclose?.({});
  }
}

// FakeTimers runs callbacks when the test advances its clock.
class FakeTimers {
  now = 0;
  private seq = 0;
  private pending = new Map<number, { at: number; fn: () => void }>();
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  };
  clearTimeout = (id: unknown): void => {
    this.pending.delete(id as number);
  };
  get count(): number {
    return this.pending.size;
  }
  delays(): number[] {
    return [...this.pending.values()].map((p) => p.at - this.now);
  }
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.pending) {
        if (e[1].at <= end && (next === undefined || e[1].at < next[1].at)) {
          next = e;
        }
      }
      if (next === undefined) {
        break;
      }
      this.pending.delete(next[0]);
      this.now = next[1].at;
      next[1].fn();
      await flush();
    }
    this.now = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
  }
}

const statsBody = { stats: [], errors: [], total_rps: 1, fail_ratio: 0, state: 'running', user_count: 3 };

function setup(fetchResult: () => Promise<unknown> = async () => statsBody) {
  const timers = new FakeTimers();
  const sockets: FakeSocket[] = [];
  const messages: Message[] = [];
  const modes: LiveMode[] = [];
  const errors: string[] = [];
  const fetches: string[] = [];
  const live = new LiveConnection({
    wsURL: 'ws://h/locust/ws',
    statsURL: 'http://h/locust/stats/requests',
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    fetchJSON: (url) => {
      fetches.push(url);
      return fetchResult();
    },
    timers,
    now: () => 1_000_000 + timers.now,
    random: () => 0.5,
    onMessage: (m) => messages.push(m),
    onMode: (m) => modes.push(m),
    onError: (e) => errors.push(e),
  });
  return { live, timers, sockets, messages, modes, errors, fetches };
}

describe('backoffDelay', () => {
  it('doubles from min up to max, with jitter in [0.75, 1.25)', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, 500, 10_000, mid))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffDelay(0, 1000, 10_000, () => 0)).toBe(750);
    expect(backoffDelay(0, 1000, 10_000, () => 0.999999)).toBe(1250);
    expect(backoffDelay(1000, 500, 10_000, mid)).toBe(10_000);
  });
});

describe('LiveConnection', () => {
  it('connects and delivers decoded messages, reporting malformed ones', () => {
    const t = setup();
    t.live.start();
    expect(t.sockets).toHaveLength(1);
    expect(t.sockets[0].url).toBe('ws://h/locust/ws');
    expect(t.modes).toEqual(['connecting']);
    t.sockets[0].open();
    expect(t.live.mode).toBe('live');
    t.sockets[0].send({ type: 'state', data: { state: 'running', user_count: 2 } });
    t.sockets[0].send({ type: 'future', data: {} });
    t.sockets[0].send('garbage');
    expect(t.messages).toEqual([{ type: 'state', data: { state: 'running', user_count: 2 } }]);
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toMatch(/invalid JSON/);
    expect(t.fetches).toHaveLength(0);
  });

  it('polls every 2 s while disconnected and reconnects with backoff', async () => {
    const t = setup();
    t.live.start();
    t.sockets[0].open();
    t.sockets[0].drop();
    expect(t.live.mode).toBe('polling');
    await flush();
    // The first poll happens at once, and its report carries the client time.
    expect(t.fetches).toEqual(['http://h/locust/stats/requests']);
    expect(t.messages).toEqual([{ type: 'stats', data: { ...statsBody, time: 1_000_000 } }]);

    await t.timers.advance(500); // first reconnect after 500 ms
    expect(t.sockets).toHaveLength(2);
    t.sockets[1].drop(); // refused again
    await t.timers.advance(1500); // poll at 2 s
    expect(t.fetches).toHaveLength(2);
    await t.timers.advance(1000); // second reconnect 1000 ms after the first failure
    expect(t.sockets).toHaveLength(3);
    t.sockets[2].open();
    expect(t.live.mode).toBe('live');
    const fetched = t.fetches.length;
    await t.timers.advance(10_000);
    expect(t.fetches).toHaveLength(fetched); // polling stopped
    expect(t.timers.count).toBe(0);
    expect(t.modes).toEqual(['connecting', 'live', 'polling', 'live']);
  });

  it('resets the backoff after a successful connection', async () => {
    const t = setup();
    t.live.start();
    t.sockets[0].drop();
    await t.timers.advance(500);
    t.sockets[1].drop();
    await t.timers.advance(1000);
    t.sockets[2].open();
    t.sockets[2].drop();
    // Back to the first delay (plus the pending poll timer).
    expect(t.timers.delays()).toContain(500);
  });

  it('discards a poll answer that arrives after the socket reconnected', async () => {
    let resolve: (v: unknown) => void = () => {};
    const t = setup(() => new Promise((r) => (resolve = r)));
    t.live.start();
    t.sockets[0].drop();
    await t.timers.advance(500);
    t.sockets[1].open();
    resolve(statsBody);
    await flush();
    expect(t.messages).toHaveLength(0);
    expect(t.timers.count).toBe(0);
  });

  it('reports poll failures and keeps polling', async () => {
    let fail = true;
    const t = setup(async () => {
      if (fail) {
        throw new Error('connection refused');
      }
      return { not: 'stats' };
    });
    t.live.start();
    t.sockets[0].drop();
    await flush();
    expect(t.errors).toEqual(['stats/requests: connection refused']);
    fail = false;
    await t.timers.advance(2000);
    expect(t.errors[1]).toBe('stats/requests: unexpected response');
  });

  it('treats a socket constructor error as a disconnect', async () => {
    const t = setup();
    const live = new LiveConnection({
      wsURL: 'bad',
      statsURL: 's',
      openSocket: () => {
        throw new Error('SyntaxError: invalid url');
      },
      fetchJSON: async () => statsBody,
      timers: t.timers,
      now: () => 0,
      random: () => 0.5,
      onMessage: (m) => t.messages.push(m),
      onMode: (m) => t.modes.push(m),
      onError: (e) => t.errors.push(e),
    });
    live.start();
    await flush();
    expect(live.mode).toBe('polling');
    expect(t.errors).toEqual(['websocket: SyntaxError: invalid url']);
    expect(t.messages).toHaveLength(1);
    live.stop();
  });

  it('stop closes the socket and cancels every timer', async () => {
    const t = setup();
    t.live.start();
    t.sockets[0].drop();
    await flush();
    expect(t.timers.count).toBeGreaterThan(0);
    t.live.stop();
    expect(t.timers.count).toBe(0);
    expect(t.live.mode).toBe('stopped');
    const s = t.sockets.length;
    await t.timers.advance(60_000);
    expect(t.sockets).toHaveLength(s);

    const u = setup();
    u.live.start();
    u.sockets[0].open();
    u.live.stop();
    expect(u.sockets[0].closed).toBe(true);
    u.sockets[0].send({ type: 'state', data: { state: 'running' } });
    expect(u.messages).toHaveLength(0);
  });

  it('ignores events of a replaced socket', async () => {
    const t = setup();
    t.live.start();
    const first = t.sockets[0];
    const onclose = first.onclose;
    first.drop();
    await t.timers.advance(500);
    t.sockets[1].open();
    onclose?.({}); // a late duplicate close of the old socket
    expect(t.live.mode).toBe('live');
  });
});
