// The live connection to the server: a websocket that pushes messages, with
// reconnection (exponential backoff with jitter) and, while the socket is
// down, polling of stats/requests so the page keeps updating. Everything the
// controller touches (socket, fetch, timers, clock, randomness) is injected so
// tests can drive it step by step.

import { decodeMessage, isStatsReport, type Message } from './messages';

/** The subset of the browser WebSocket the controller uses. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}

/** What the page sees of the connection. */
export type LiveMode = 'connecting' | 'live' | 'polling' | 'stopped';

/** Timer functions (window's, or fakes in tests). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** Configuration and dependencies of a LiveConnection. */
export interface LiveOptions {
  wsURL: string;
  statsURL: string;
  openSocket(url: string): SocketLike;
  fetchJSON(url: string): Promise<unknown>;
  timers: Timers;
  now(): number;
  random(): number;
  onMessage(message: Message): void;
  onMode(mode: LiveMode): void;
  onError(error: string): void;
  /** Milliseconds between polls while disconnected (Locust's UI polls every 2 s). */
  pollInterval?: number;
  minBackoff?: number;
  maxBackoff?: number;
}

/**
 * Returns the delay before reconnect attempt number attempt (0-based):
 * min·2^attempt capped at max, scaled by a jitter factor in [0.75, 1.25) so
 * many pages do not reconnect to a restarted server in lockstep.
 */
export function backoffDelay(attempt: number, min: number, max: number, random: () => number): number {
  const base = Math.min(max, min * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** Keeps the page connected to the server; see the file comment. */
export class LiveConnection {
  private readonly o: Required<LiveOptions>;
  private socket: SocketLike | null = null;
  private attempt = 0;
  private reconnectTimer: unknown = null;
  private pollTimer: unknown = null;
  private polling = false;
  private pollGeneration = 0;
  private stopped = true;
  private currentMode: LiveMode = 'stopped';

  constructor(options: LiveOptions) {
    this.o = { pollInterval: 2000, minBackoff: 500, maxBackoff: 10_000, ...options };
  }

  /** The current mode. */
  get mode(): LiveMode {
    return this.currentMode;
  }

  /** Opens the websocket; does nothing if already started. */
  start(): void {
    if (!this.stopped) {
      return;
    }
    this.stopped = false;
    this.connect();
  }

  /** Closes the socket and cancels every timer and pending poll. */
  stop(): void {
    this.stopped = true;
    this.stopPolling();
    if (this.reconnectTimer !== null) {
      this.o.timers.clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    this.dropSocket();
    this.setMode('stopped');
  }

  private setMode(mode: LiveMode): void {
    if (mode !== this.currentMode) {
      this.currentMode = mode;
      this.o.onMode(mode);
    }
  }

  private connect(): void {
    this.reconnectTimer = null;
    if (this.stopped) {
      return;
    }
    if (!this.polling) {
      this.setMode('connecting');
    }
    let socket: SocketLike;
    try {
      socket = this.o.openSocket(this.o.wsURL);
    } catch (err) {
      this.o.onError(`websocket: ${(err as Error).message}`);
      this.disconnected();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) {
        return;
      }
      this.attempt = 0;
      this.stopPolling();
      this.setMode('live');
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket || typeof ev.data !== 'string') {
        return;
      }
      const decoded = decodeMessage(ev.data);
      if (decoded.ok) {
        this.o.onMessage(decoded.message);
      } else if (!decoded.ignored) {
        this.o.onError(`websocket: ${decoded.error}`);
      }
    };
    socket.onerror = () => {
      // A close event always follows; reconnection is handled there.
    };
    socket.onclose = () => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      this.disconnected();
    };
  }

  private dropSocket(): void {
    const s = this.socket;
    this.socket = null;
    if (s !== null) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      try {
        s.close();
      } catch {
        // Closing a socket that never opened may throw in some browsers; it is gone either way.
      }
    }
  }

  private disconnected(): void {
    if (this.stopped) {
      return;
    }
    this.startPolling();
    const delay = backoffDelay(this.attempt, this.o.minBackoff, this.o.maxBackoff, this.o.random);
    this.attempt++;
    this.reconnectTimer = this.o.timers.setTimeout(() => this.connect(), delay);
  }

  private startPolling(): void {
    if (this.polling) {
      return;
    }
    this.polling = true;
    this.setMode('polling');
    this.poll(++this.pollGeneration);
  }

  private stopPolling(): void {
    this.polling = false;
    this.pollGeneration++;
    if (this.pollTimer !== null) {
      this.o.timers.clearTimeout(this.pollTimer);
      this.pollTimer = null;
    }
  }

  private poll(generation: number): void {
    this.pollTimer = null;
    this.o.fetchJSON(this.o.statsURL).then(
      (body) => {
        if (generation !== this.pollGeneration) {
          return;
        }
        if (isStatsReport(body)) {
          this.o.onMessage({ type: 'stats', data: { ...body, time: body.time ?? this.o.now() } });
        } else {
          this.o.onError('stats/requests: unexpected response');
        }
        this.schedulePoll(generation);
      },
      (err: unknown) => {
        if (generation !== this.pollGeneration) {
          return;
        }
        this.o.onError(`stats/requests: ${(err as Error).message ?? String(err)}`);
        this.schedulePoll(generation);
      },
    );
  }

  private schedulePoll(generation: number): void {
    if (this.polling && generation === this.pollGeneration) {
      this.pollTimer = this.o.timers.setTimeout(() => this.poll(generation), this.o.pollInterval);
    }
  }
}
