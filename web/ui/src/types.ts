// Shapes of the JSON the gust server sends. They follow Locust 2.46's web API
// (see the API contract in the web UI brief) so the same page could read both.

/** Run state as the server names it. */
export type RunState = 'ready' | 'spawning' | 'running' | 'stopping' | 'stopped' | 'cleanup' | 'missing';

/** The object served at GET ui-config and sent in the websocket "hello" message. */
export interface UiConfig {
  version: string;
  locustfile: string;
  host: string;
  num_users: number | null;
  spawn_rate: number | null;
  run_time: string | number | null;
  state: RunState;
  class_picker: boolean;
  user_classes: string[];
  tags: string[];
  hide_common_options: boolean;
  is_shape: boolean;
  percentiles_to_chart: number[];
  /** The run's --profile label, or null. */
  profile?: string | null;
  /** The locustfile's own options shown as "Custom parameters" (Locust's extra_options). */
  extra_options?: Record<string, ExtraOption>;
}

/** One custom parameter of the start form (Locust's UIExtraArgOptions). */
export interface ExtraOption {
  default_value: string | number | boolean | string[] | null;
  is_secret: boolean;
  is_required: boolean;
  help_text: string | null;
  is_multiple: boolean;
  choices: string[] | null;
}

/** One row of the statistics table: a (method, name) entry or the Aggregated row. */
export interface StatsEntry {
  method: string | null;
  name: string;
  num_requests: number;
  num_failures: number;
  median_response_time: number;
  avg_response_time: number;
  min_response_time: number | null;
  max_response_time: number;
  avg_content_length: number;
  current_rps: number;
  current_fail_per_sec: number;
  total_rps?: number;
  total_fail_per_sec?: number;
  'response_time_percentile_0.9'?: number | null;
  'response_time_percentile_0.95'?: number | null;
  'response_time_percentile_0.99'?: number | null;
  [key: string]: unknown;
}

/** One grouped failure (method, name, error text). Times are unix seconds. */
export interface ErrorEntry {
  method: string | null;
  name: string;
  error: string;
  occurrences: number;
  first_seen?: number | null;
  last_seen?: number | null;
}

/** The JSON of GET stats/requests, also the body of the websocket "stats" message. */
export interface StatsReport {
  stats: StatsEntry[];
  errors: ErrorEntry[];
  total_rps: number;
  total_fail_per_sec?: number;
  fail_ratio: number;
  current_rps?: number;
  current_fail_per_sec?: number;
  current_response_time_percentiles?: Record<string, number | null>;
  state: RunState;
  user_count: number;
  /** Unix milliseconds; present in websocket messages, absent from polled JSON. */
  time?: number;
  [key: string]: unknown;
}

/** One chart sample of the websocket "history" message. */
export interface HistoryPoint {
  time: number;
  user_count: number;
  current_rps: number;
  current_fail_per_sec: number;
  total_avg_response_time?: number | null;
  [key: string]: number | null | undefined;
}

/** The websocket "state" message body. */
export interface StateChange {
  state: RunState;
  user_count: number;
}

/** GET exceptions. */
export interface ExceptionEntry {
  count: number;
  msg: string;
  traceback: string;
  nodes: string;
}

/** A node of the task ratio tree of GET tasks. */
export interface RatioNode {
  ratio: number;
  tasks?: Record<string, RatioNode>;
}

/** GET tasks. */
export interface TaskRatios {
  per_class?: Record<string, RatioNode>;
  total?: Record<string, RatioNode>;
}

/** GET logs. */
export interface Logs {
  master: string[];
  workers: Record<string, string[]>;
}

/** The JSON answer of POST swarm. */
export interface SwarmResponse {
  success: boolean;
  message: string;
  host?: string;
}
