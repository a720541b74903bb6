// Decoding of websocket messages. The server's JSON is checked for the shape
// each handler relies on, so a malformed message is reported and dropped
// instead of breaking the page halfway through an update.

import type { HistoryPoint, StateChange, StatsReport, UiConfig } from './types';

/** A decoded websocket message. */
export type Message =
  | { type: 'hello'; data: UiConfig }
  | { type: 'history'; data: { points: HistoryPoint[] } }
  | { type: 'stats'; data: StatsReport }
  | { type: 'state'; data: StateChange };

/** The result of decoding: a message, an ignorable unknown type, or an error. */
export type Decoded = { ok: true; message: Message } | { ok: false; ignored: boolean; error: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reports whether v looks like a stats report (stats and errors arrays, a state). */
export function isStatsReport(v: unknown): v is StatsReport {
  return isObject(v) && Array.isArray(v.stats) && Array.isArray(v.errors) && typeof v.state === 'string';
}

/**
 * Decodes one websocket text frame: {"type": T, "data": D}. Unknown types are
 * ignored so a newer server can add messages without breaking older pages.
 */
export function decodeMessage(raw: string): Decoded {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    return { ok: false, ignored: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  if (!isObject(parsed) || typeof parsed.type !== 'string') {
    return { ok: false, ignored: false, error: 'message without a type' };
  }
  const { type, data } = parsed;
  switch (type) {
    case 'hello':
      if (isObject(data) && typeof data.state === 'string') {
        return { ok: true, message: { type, data: data as unknown as UiConfig } };
      }
      break;
    case 'history':
      if (isObject(data) && Array.isArray(data.points) && data.points.every(isObject)) {
        return { ok: true, message: { type, data: { points: data.points as HistoryPoint[] } } };
      }
      break;
    case 'stats':
      if (isStatsReport(data)) {
        return { ok: true, message: { type, data } };
      }
      break;
    case 'state':
      if (isObject(data) && typeof data.state === 'string') {
        const userCount = typeof data.user_count === 'number' ? data.user_count : 0;
        return { ok: true, message: { type, data: { state: data.state as StateChange['state'], user_count: userCount } } };
      }
      break;
    default:
      return { ok: false, ignored: true, error: `unknown message type ${type}` };
  }
  return { ok: false, ignored: false, error: `malformed ${type} message` };
}
