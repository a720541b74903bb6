import { describe, expect, it } from 'vitest';
import { isAggregated, nextSort, rowKey, sortStats, type SortState } from '../src/sort';
import type { StatsEntry } from '../src/types';

function entry(method: string | null, name: string, extra: Partial<StatsEntry> = {}): StatsEntry {
  return {
    method,
    name,
    num_requests: 0,
    num_failures: 0,
    median_response_time: 0,
    avg_response_time: 0,
    min_response_time: 0,
    max_response_time: 0,
    avg_content_length: 0,
    current_rps: 0,
    current_fail_per_sec: 0,
    ...extra,
  };
}

const names = (rows: StatsEntry[]) => rows.map((r) => `${r.method ?? ''} ${r.name}`.trim());

describe('nextSort', () => {
  it('cycles ascending, descending, server order', () => {
    let s: SortState = null;
    s = nextSort(s, 'name');
    expect(s).toEqual({ key: 'name', dir: 'asc' });
    s = nextSort(s, 'name');
    expect(s).toEqual({ key: 'name', dir: 'desc' });
    s = nextSort(s, 'name');
    expect(s).toBeNull();
  });
  it('starts ascending when another column is clicked', () => {
    expect(nextSort({ key: 'name', dir: 'desc' }, 'num_requests')).toEqual({ key: 'num_requests', dir: 'asc' });
  });
});

describe('isAggregated and rowKey', () => {
  it.each<[string | null, string, boolean]>([
    ['', 'Aggregated', true],
    [null, 'Aggregated', true],
    ['GET', 'Aggregated', false],
    ['', '/home', false],
  ])('isAggregated(%j, %j) = %s', (m, n, want) => {
    expect(isAggregated({ method: m, name: n })).toBe(want);
  });
  it('keeps method and name apart', () => {
    expect(rowKey({ method: 'GET', name: '/a' })).not.toBe(rowKey({ method: 'GET /a', name: '' }));
    expect(rowKey({ method: null, name: 'x' })).toBe(rowKey({ method: '', name: 'x' }));
  });
});

describe('sortStats', () => {
  const rows = [
    entry('GET', '/b', { num_requests: 5, 'response_time_percentile_0.9': 30 }),
    entry('POST', '/a', { num_requests: 20, 'response_time_percentile_0.9': null }),
    entry('GET', '/c', { num_requests: 5, 'response_time_percentile_0.9': 10 }),
    entry('', 'Aggregated', { num_requests: 30 }),
  ];

  it('keeps the server order with no sort, Aggregated last', () => {
    const shuffled = [rows[3], rows[0], rows[1], rows[2]];
    expect(names(sortStats(shuffled, null))).toEqual(['GET /b', 'POST /a', 'GET /c', 'Aggregated']);
  });
  it('sorts strings', () => {
    expect(names(sortStats(rows, { key: 'name', dir: 'asc' }))).toEqual(['POST /a', 'GET /b', 'GET /c', 'Aggregated']);
    expect(names(sortStats(rows, { key: 'name', dir: 'desc' }))).toEqual(['GET /c', 'GET /b', 'POST /a', 'Aggregated']);
  });
  it('sorts numbers numerically and stably', () => {
    expect(names(sortStats(rows, { key: 'num_requests', dir: 'asc' }))).toEqual(['GET /b', 'GET /c', 'POST /a', 'Aggregated']);
    expect(names(sortStats(rows, { key: 'num_requests', dir: 'desc' }))).toEqual(['POST /a', 'GET /b', 'GET /c', 'Aggregated']);
  });
  it('puts missing values last in both directions', () => {
    const key = 'response_time_percentile_0.9';
    expect(names(sortStats(rows, { key, dir: 'asc' }))).toEqual(['GET /c', 'GET /b', 'POST /a', 'Aggregated']);
    expect(names(sortStats(rows, { key, dir: 'desc' }))).toEqual(['GET /b', 'GET /c', 'POST /a', 'Aggregated']);
  });
  it('does not modify its input', () => {
    const copy = [...rows];
    sortStats(rows, { key: 'name', dir: 'desc' });
    expect(rows).toEqual(copy);
  });
  it('sorts 10 (numeric) after 9', () => {
    const r = [entry('GET', 'x', { num_requests: 10 }), entry('GET', 'y', { num_requests: 9 })];
    expect(names(sortStats(r, { key: 'num_requests', dir: 'asc' }))).toEqual(['GET y', 'GET x']);
  });
});
