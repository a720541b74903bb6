import { describe, expect, it } from 'vitest';
import {
  formatFailRatio,
  formatNumber,
  formatRatio,
  formatTimestamp,
  percentileKey,
  percentileLabel,
  percentileNumber,
  round,
} from '../src/format';

describe('round', () => {
  it.each([
    [1.005, 2, 1], // binary 1.005 is just below; same as Locust's Math.round based helper
    [12.3456, 2, 12.35],
    [12, 2, 12],
    [0.125, 1, 0.1],
    [99.5, 0, 100],
    [-1.5, 0, -1],
  ])('round(%d, %d) = %d', (n, places, want) => {
    expect(round(n, places)).toBe(want);
  });
});

describe('formatNumber', () => {
  it.each<[unknown, number | undefined, string]>([
    [12.3456, 2, '12.35'],
    [12.3, 2, '12.3'],
    [12, 2, '12'],
    [0, 2, '0'],
    [1234567.891, 2, '1234567.89'],
    [150, undefined, '150'],
    [null, 2, ''],
    [undefined, 2, ''],
    [Number.NaN, 2, ''],
    [Number.POSITIVE_INFINITY, 2, ''],
    ['12', 2, ''],
  ])('formatNumber(%s, %s) = %j', (v, places, want) => {
    expect(formatNumber(v, places)).toBe(want);
  });
});

describe('formatFailRatio', () => {
  it.each<[number | null | undefined, string]>([
    [0, '0%'],
    [0.004, '0%'],
    [0.005, '1%'],
    [0.2549, '25%'],
    [1, '100%'],
    [null, '0%'],
    [undefined, '0%'],
    [Number.NaN, '0%'],
  ])('formatFailRatio(%s) = %s', (v, want) => {
    expect(formatFailRatio(v)).toBe(want);
  });
});

describe('formatRatio', () => {
  it.each([
    [1, '100.0%'],
    [1 / 3, '33.3%'],
    [0.0005, '0.1%'],
    [0, '0.0%'],
  ])('formatRatio(%d) = %s', (v, want) => {
    expect(formatRatio(v)).toBe(want);
  });
});

describe('formatTimestamp', () => {
  it('formats unix seconds as local time', () => {
    expect(formatTimestamp(1_700_000_000)).toBe(new Date(1_700_000_000_000).toLocaleString());
  });
  it.each([null, undefined, 0, -1, Number.NaN])('is empty for %s', (v) => {
    expect(formatTimestamp(v)).toBe('');
  });
});

describe('percentiles', () => {
  it.each([
    [0.5, 'response_time_percentile_0.5', '50', 'Median'],
    [0.9, 'response_time_percentile_0.9', '90', '90th percentile'],
    [0.95, 'response_time_percentile_0.95', '95', '95th percentile'],
    [0.99, 'response_time_percentile_0.99', '99', '99th percentile'],
    [0.999, 'response_time_percentile_0.999', '99.9', '99.9th percentile'],
    [0.07, 'response_time_percentile_0.07', '7', '7th percentile'],
  ])('%d', (p, key, num, label) => {
    expect(percentileKey(p)).toBe(key);
    expect(percentileNumber(p)).toBe(num);
    expect(percentileLabel(p)).toBe(label);
  });
});
