// Sorting of the statistics table. Clicking a header sorts ascending, a second
// click descending, a third restores the server's order (Locust's behaviour).
// The Aggregated row always stays last.

import type { StatsEntry } from './types';

/** The active sort: a column key and a direction, or null for the server's order. */
export type SortState = { key: string; dir: 'asc' | 'desc' } | null;

/** Returns the sort that a click on column key produces from the current one. */
export function nextSort(current: SortState, key: string): SortState {
  if (current === null || current.key !== key) {
    return { key, dir: 'asc' };
  }
  if (current.dir === 'asc') {
    return { key, dir: 'desc' };
  }
  return null;
}

/** Reports whether an entry is the Aggregated (total) row. */
export function isAggregated(e: Pick<StatsEntry, 'method' | 'name'>): boolean {
  return (e.method === '' || e.method === null || e.method === undefined) && e.name === 'Aggregated';
}

/** Returns the identity of a row: method and name together. */
export function rowKey(e: Pick<StatsEntry, 'method' | 'name'>): string {
  return `${e.method ?? ''}\u0000${e.name}`;
}

function compareValues(a: unknown, b: unknown): number {
  const aMissing = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
  const bMissing = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
  if (aMissing || bMissing) {
    return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Returns the rows in display order: the non-aggregated rows sorted by the
 * given state (stable; missing values last in either direction), followed by
 * the Aggregated row if there is one. The input is not modified.
 */
export function sortStats(rows: readonly StatsEntry[], sort: SortState): StatsEntry[] {
  const body: StatsEntry[] = [];
  const totals: StatsEntry[] = [];
  for (const r of rows) {
    (isAggregated(r) ? totals : body).push(r);
  }
  if (sort !== null) {
    const sign = sort.dir === 'asc' ? 1 : -1;
    const key = sort.key;
    body.sort((x, y) => {
      const a = x[key];
      const b = y[key];
      const aMissing = a === null || a === undefined;
      const bMissing = b === null || b === undefined;
      if (aMissing !== bMissing) {
        return aMissing ? 1 : -1;
      }
      return sign * compareValues(a, b);
    });
  }
  return body.concat(totals);
}
