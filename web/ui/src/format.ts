// Number and text formatting, matching what Locust's web UI shows: values are
// rounded to at most two decimals and printed without trailing zeros or
// thousands separators, the failure ratio as a whole percentage.

/** Rounds n to the given number of decimal places (half away from zero for positive n). */
export function round(n: number, places = 0): number {
  const factor = 10 ** places;
  return Math.round(n * factor) / factor;
}

/**
 * Formats a table value. null, undefined and non-finite numbers print as an
 * empty cell (Locust shows nothing when a percentile is not known yet).
 */
export function formatNumber(value: unknown, places?: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return '';
  }
  return String(places === undefined ? value : round(value, places));
}

/** Formats a failure ratio (0..1) as Locust's header does: "3%". */
export function formatFailRatio(ratio: number | null | undefined): string {
  if (typeof ratio !== 'number' || !Number.isFinite(ratio)) {
    return '0%';
  }
  return `${round(ratio * 100)}%`;
}

/** Formats a task ratio (0..1) as a percentage with one decimal: "33.3%". */
export function formatRatio(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** Formats unix seconds as a local date and time; empty when unknown. */
export function formatTimestamp(unixSeconds: number | null | undefined): string {
  if (typeof unixSeconds !== 'number' || !Number.isFinite(unixSeconds) || unixSeconds <= 0) {
    return '';
  }
  return new Date(unixSeconds * 1000).toLocaleString();
}

/** Returns the JSON key of a percentile: 0.95 → "response_time_percentile_0.95". */
export function percentileKey(p: number): string {
  return `response_time_percentile_${p}`;
}

/** Returns a percentile as a percentage number without float noise: 0.95 → "95", 0.999 → "99.9". */
export function percentileNumber(p: number): string {
  return String(round(p * 100, 4));
}

/** Returns the chart legend label of a percentile: 0.5 → "Median", 0.95 → "95th percentile". */
export function percentileLabel(p: number): string {
  if (p === 0.5) {
    return 'Median';
  }
  return `${percentileNumber(p)}th percentile`;
}
