import { describe, expect, it } from 'vitest';
import { decodeMessage, isStatsReport } from '../src/messages';

const stats = { stats: [], errors: [], total_rps: 0, fail_ratio: 0, state: 'ready', user_count: 0, time: 5 };

describe('decodeMessage', () => {
  it.each([
    ['hello', { state: 'ready', version: '0.1', host: '' }],
    ['history', { points: [{ time: 1, user_count: 0, current_rps: 0, current_fail_per_sec: 0 }] }],
    ['history', { points: [] }],
    ['stats', stats],
  ])('accepts a %s message', (type, data) => {
    const d = decodeMessage(JSON.stringify({ type, data }));
    expect(d.ok).toBe(true);
    if (d.ok) {
      expect(d.message.type).toBe(type);
      expect(d.message.data).toEqual(data);
    }
  });

  it('accepts a state message and defaults a missing user count', () => {
    expect(decodeMessage('{"type":"state","data":{"state":"running","user_count":4}}')).toEqual({
      ok: true,
      message: { type: 'state', data: { state: 'running', user_count: 4 } },
    });
    expect(decodeMessage('{"type":"state","data":{"state":"stopped"}}')).toEqual({
      ok: true,
      message: { type: 'state', data: { state: 'stopped', user_count: 0 } },
    });
  });

  it('ignores unknown message types', () => {
    expect(decodeMessage('{"type":"workers","data":{}}')).toEqual({ ok: false, ignored: true, error: 'unknown message type workers' });
  });

  it.each([
    ['not json', /invalid JSON/],
    ['[1,2]', /without a type/],
    ['{"data":{}}', /without a type/],
    ['{"type":"stats","data":{"stats":{},"errors":[],"state":"x"}}', /malformed stats/],
    ['{"type":"stats"}', /malformed stats/],
    ['{"type":"history","data":{"points":[1]}}', /malformed history/],
    ['{"type":"hello","data":[]}', /malformed hello/],
    ['{"type":"state","data":{"state":3}}', /malformed state/],
  ])('rejects %s', (raw, err) => {
    const d = decodeMessage(raw);
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.ignored).toBe(false);
      expect(d.error).toMatch(err);
    }
  });
});

describe('isStatsReport', () => {
  it('needs stats, errors and state', () => {
    expect(isStatsReport(stats)).toBe(true);
    expect(isStatsReport({ ...stats, errors: undefined })).toBe(false);
    expect(isStatsReport(null)).toBe(false);
    expect(isStatsReport('x')).toBe(false);
  });
});
