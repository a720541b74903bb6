import { describe, expect, it } from 'vitest';
import { BASE_SERIES, ChartHistory, pointFromStats } from '../src/history';
import type { HistoryPoint, StatsReport } from '../src/types';

function point(sec: number, rps: number, extra: Partial<HistoryPoint> = {}): HistoryPoint {
  return {
    time: sec * 1000,
    user_count: 10,
    current_rps: rps,
    current_fail_per_sec: 0,
    total_avg_response_time: 12,
    'response_time_percentile_0.5': 10,
    'response_time_percentile_0.95': 40,
    ...extra,
  };
}

describe('ChartHistory', () => {
  it('has the base series then the charted percentiles', () => {
    const h = new ChartHistory([0.5, 0.95, 0.99]);
    expect(h.keys).toEqual([
      ...BASE_SERIES,
      'response_time_percentile_0.5',
      'response_time_percentile_0.95',
      'response_time_percentile_0.99',
    ]);
  });

  it('stores points as columns in seconds', () => {
    const h = new ChartHistory([0.5, 0.95]);
    expect(h.push(point(100, 1))).toBe(true);
    expect(h.push(point(101, 2, { 'response_time_percentile_0.95': null }))).toBe(true);
    expect(h.length).toBe(2);
    expect(h.xs()).toEqual([100, 101]);
    expect(h.column('current_rps')).toEqual([1, 2]);
    expect(h.column('response_time_percentile_0.95')).toEqual([40, null]);
    expect(() => h.column('nope')).toThrow(/unknown history series/);
  });

  it('stores missing and non-finite values as null (gaps)', () => {
    const h = new ChartHistory([0.5, 0.99]);
    h.push(point(1, Number.NaN, { total_avg_response_time: undefined }));
    expect(h.column('current_rps')).toEqual([null]);
    expect(h.column('total_avg_response_time')).toEqual([null]);
    expect(h.column('response_time_percentile_0.99')).toEqual([null]);
  });

  it('replaces a point with the same time and ignores older ones', () => {
    const h = new ChartHistory([0.5]);
    h.push(point(10, 1));
    h.push(point(11, 2));
    const v = h.version;
    expect(h.push(point(11, 3))).toBe(true);
    expect(h.push(point(9, 9))).toBe(false);
    expect(h.push({ ...point(12, 1), time: Number.NaN })).toBe(false);
    expect(h.xs()).toEqual([10, 11]);
    expect(h.column('current_rps')).toEqual([1, 3]);
    expect(h.version).toBe(v + 1);
  });

  it('replace loads a full history and clear empties it', () => {
    const h = new ChartHistory([0.5]);
    h.push(point(1, 1));
    h.replace([point(5, 5), point(6, 6), point(7, 7)]);
    expect(h.xs()).toEqual([5, 6, 7]);
    const v = h.version;
    h.clear();
    expect(h.length).toBe(0);
    expect(h.column('current_rps')).toEqual([]);
    expect(h.version).toBeGreaterThan(v);
  });

  it('keeps an hour of one point per second', () => {
    const h = new ChartHistory([0.5, 0.95]);
    const points = Array.from({ length: 3600 }, (_, i) => point(1_700_000_000 + i, i));
    h.replace(points);
    expect(h.length).toBe(3600);
    expect(h.xs()[0]).toBe(1_700_000_000);
    expect(h.column('current_rps')[3599]).toBe(3599);
  });

  it('halves its resolution past maxPoints, keeping the start and the newest point', () => {
    const h = new ChartHistory([0.5], 10);
    for (let i = 0; i < 11; i++) {
      h.push(point(i, i));
    }
    // 11 points > 10: every other point is kept, ending with the newest.
    expect(h.xs()).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.column('current_rps')).toEqual([0, 2, 4, 6, 8, 10]);
    for (let i = 11; i < 1000; i++) {
      h.push(point(i, i));
    }
    expect(h.length).toBeLessThanOrEqual(10);
    expect(h.xs()[0]).toBe(0);
    expect(h.xs()[h.length - 1]).toBe(999);
    const xs = h.xs();
    expect(xs.every((x, i) => i === 0 || x > xs[i - 1])).toBe(true);
  });
});

describe('pointFromStats', () => {
  const report: StatsReport = {
    stats: [
      {
        method: 'GET', name: '/', num_requests: 10, num_failures: 1, median_response_time: 5, avg_response_time: 6,
        min_response_time: 1, max_response_time: 20, avg_content_length: 100, current_rps: 3, current_fail_per_sec: 0.5,
      },
      {
        method: '', name: 'Aggregated', num_requests: 10, num_failures: 1, median_response_time: 5, avg_response_time: 7.5,
        min_response_time: 1, max_response_time: 20, avg_content_length: 100, current_rps: 4, current_fail_per_sec: 0.25,
      },
    ],
    errors: [],
    total_rps: 2,
    fail_ratio: 0.1,
    current_response_time_percentiles: { 'response_time_percentile_0.5': 5, 'response_time_percentile_0.95': null },
    state: 'running',
    user_count: 7,
  };

  it('uses the report time, top-level current values and the aggregated average', () => {
    const p = pointFromStats({ ...report, time: 1234, current_rps: 9, current_fail_per_sec: 1 }, 999);
    expect(p).toEqual({
      time: 1234,
      user_count: 7,
      current_rps: 9,
      current_fail_per_sec: 1,
      total_avg_response_time: 7.5,
      'response_time_percentile_0.5': 5,
      'response_time_percentile_0.95': null,
    });
  });

  it('falls back to the Aggregated row and the given time', () => {
    const p = pointFromStats(report, 999);
    expect(p.time).toBe(999);
    expect(p.current_rps).toBe(4);
    expect(p.current_fail_per_sec).toBe(0.25);
  });

  it('prefers total_avg_response_time when the server sends it', () => {
    expect(pointFromStats({ ...report, total_avg_response_time: 3 }, 1).total_avg_response_time).toBe(3);
  });
});
