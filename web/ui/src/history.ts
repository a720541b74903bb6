// The chart history: one column per series, kept for the whole run so the
// charts can show (and zoom into) everything since the test started. Columns
// are plain arrays that grow by push, which uPlot reads without copying. Past
// maxPoints the buffer halves its resolution instead of forgetting the start.

import { percentileKey } from './format';
import { isAggregated } from './sort';
import type { HistoryPoint, StatsReport } from './types';

/** The series every history has besides the charted percentiles. */
export const BASE_SERIES = ['user_count', 'current_rps', 'current_fail_per_sec', 'total_avg_response_time'] as const;

/** Default capacity: a day at one point per second before resolution halves. */
export const DEFAULT_MAX_POINTS = 86_400;

/** Columnar chart history, ordered by time. */
export class ChartHistory {
  /** The series keys, in a fixed order: BASE_SERIES then one per charted percentile. */
  readonly keys: readonly string[];
  /** Incremented on every change, so a renderer can skip redrawing unchanged data. */
  version = 0;
  private times: number[] = [];
  private columns: Map<string, (number | null)[]>;
  private readonly maxPoints: number;

  constructor(percentiles: readonly number[], maxPoints = DEFAULT_MAX_POINTS) {
    this.keys = [...BASE_SERIES, ...percentiles.map(percentileKey)];
    this.maxPoints = Math.max(2, maxPoints);
    this.columns = new Map(this.keys.map((k) => [k, []]));
  }

  /** The number of points held. */
  get length(): number {
    return this.times.length;
  }

  /** The x values in unix seconds (uPlot's time unit). */
  xs(): number[] {
    return this.times;
  }

  /** The values of one series, null where unknown. */
  column(key: string): (number | null)[] {
    const col = this.columns.get(key);
    if (col === undefined) {
      throw new Error(`unknown history series ${key}`);
    }
    return col;
  }

  /** Drops every point (a new test started). */
  clear(): void {
    this.times = [];
    this.columns = new Map(this.keys.map((k) => [k, []]));
    this.version++;
  }

  /** Replaces the content with a full history from the server (sent on connect). */
  replace(points: readonly HistoryPoint[]): void {
    this.clear();
    for (const p of points) {
      this.append(p);
    }
    this.version++;
  }

  /**
   * Adds one point. A point with the time of the last one replaces it; an
   * older one is ignored (it arrived late, e.g. a poll answered after a
   * reconnect). Returns whether the history changed.
   */
  push(point: HistoryPoint): boolean {
    const changed = this.append(point);
    if (changed) {
      this.version++;
    }
    return changed;
  }

  private append(point: HistoryPoint): boolean {
    if (typeof point.time !== 'number' || !Number.isFinite(point.time)) {
      return false;
    }
    const t = point.time / 1000;
    const n = this.times.length;
    let at = n;
    if (n > 0) {
      const last = this.times[n - 1];
      if (t < last) {
        return false;
      }
      if (t === last) {
        at = n - 1;
      }
    }
    this.times[at] = t;
    for (const k of this.keys) {
      const v = point[k];
      this.column(k)[at] = typeof v === 'number' && Number.isFinite(v) ? v : null;
    }
    if (this.times.length > this.maxPoints) {
      this.decimate();
    }
    return true;
  }

  // decimate keeps every other point, always including the newest, so memory
  // stays bounded on runs far longer than a day.
  private decimate(): void {
    const n = this.times.length;
    const keep = (n - 1) % 2;
    const pick = <T>(arr: T[]): T[] => arr.filter((_, i) => i % 2 === keep);
    this.times = pick(this.times);
    for (const k of this.keys) {
      this.columns.set(k, pick(this.column(k)));
    }
  }
}

/**
 * Turns a stats report (websocket "stats" message or a polled stats/requests)
 * into a chart point. time is used when the report carries none.
 */
export function pointFromStats(report: StatsReport, time: number): HistoryPoint {
  const total = report.stats.find(isAggregated);
  const point: HistoryPoint = {
    time: typeof report.time === 'number' ? report.time : time,
    user_count: report.user_count,
    current_rps: numberOr(report.current_rps, total?.current_rps, report.total_rps),
    current_fail_per_sec: numberOr(report.current_fail_per_sec, total?.current_fail_per_sec, 0),
    total_avg_response_time: numberOr(
      report['total_avg_response_time'] as number | undefined,
      total?.avg_response_time,
      Number.NaN,
    ),
  };
  const pcts = report.current_response_time_percentiles ?? {};
  for (const [k, v] of Object.entries(pcts)) {
    point[k] = v;
  }
  return point;
}

function numberOr(...values: (number | null | undefined)[]): number {
  for (const v of values) {
    if (typeof v === 'number' && Number.isFinite(v)) {
      return v;
    }
  }
  return Number.NaN;
}
