// The page's model and how server messages change it. Kept free of DOM so the
// message handling is unit-tested on its own; the views read the model after
// each change.

import { ChartHistory, pointFromStats } from './history';
import type { Message } from './messages';
import type { RunState, StatsReport, UiConfig } from './types';

/** Percentiles charted when the server does not say (Locust's PERCENTILES_TO_CHART). */
export const DEFAULT_CHART_PERCENTILES = [0.5, 0.95];

/** What the page knows about the run. */
export interface Model {
  config: UiConfig | null;
  state: RunState | null;
  userCount: number;
  host: string;
  report: StatsReport | null;
  history: ChartHistory;
}

/** Which parts of the model a message changed. */
export interface Changes {
  config: boolean;
  state: boolean;
  stats: boolean;
  history: boolean;
}

/** Returns an empty model. */
export function newModel(maxPoints?: number): Model {
  return {
    config: null,
    state: null,
    userCount: 0,
    host: '',
    report: null,
    history: new ChartHistory(DEFAULT_CHART_PERCENTILES, maxPoints),
  };
}

/** Reports whether no test is running in this state (the start form applies). */
export function isIdle(state: RunState | null): boolean {
  return state === null || state === 'ready' || state === 'stopped';
}

/** Reports whether users are being spawned or run in this state. */
export function isActive(state: RunState | null): boolean {
  return state === 'spawning' || state === 'running';
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function chartPercentiles(config: UiConfig): number[] {
  const p = config.percentiles_to_chart;
  return Array.isArray(p) && p.length > 0 && p.every((v) => typeof v === 'number') ? p : DEFAULT_CHART_PERCENTILES;
}

// setState applies a state change. A test that starts from ready or stopped is
// a new test: the server cleared its statistics and history, so the charts
// start over too.
function setState(model: Model, state: RunState, ch: Changes): void {
  if (state === model.state) {
    return;
  }
  if (isIdle(model.state) && model.state !== null && !isIdle(state) && state !== 'stopping') {
    model.history.clear();
    ch.history = true;
  }
  model.state = state;
  ch.state = true;
}

/** Applies one server message to the model. now gives the client clock in unix ms. */
export function applyMessage(model: Model, msg: Message, now: number): Changes {
  const ch: Changes = { config: false, state: false, stats: false, history: false };
  switch (msg.type) {
    case 'hello': {
      const cfg = msg.data;
      const pcts = chartPercentiles(cfg);
      const old = model.config ? chartPercentiles(model.config) : DEFAULT_CHART_PERCENTILES;
      if (!sameNumbers(pcts, old) || model.history.keys.length !== 4 + pcts.length) {
        model.history = new ChartHistory(pcts);
        ch.history = true;
      }
      model.config = cfg;
      model.host = cfg.host ?? model.host;
      ch.config = true;
      setState(model, cfg.state, ch);
      break;
    }
    case 'history':
      model.history.replace(msg.data.points);
      ch.history = true;
      break;
    case 'state':
      setState(model, msg.data.state, ch);
      if (model.userCount !== msg.data.user_count) {
        model.userCount = msg.data.user_count;
        ch.state = true;
      }
      break;
    case 'stats': {
      const r = msg.data;
      setState(model, r.state, ch);
      model.userCount = r.user_count;
      model.report = r;
      if (typeof r['host'] === 'string' && r['host'] !== '') {
        model.host = r['host'];
      }
      ch.stats = true;
      // Like Locust's history, points are recorded only while a test is on.
      if (!isIdle(model.state) && model.history.push(pointFromStats(r, now))) {
        ch.history = true;
      }
      break;
    }
  }
  return ch;
}

/** Which controls the header and forms offer in a state. */
export interface Controls {
  newTest: boolean;
  edit: boolean;
  stop: boolean;
  reset: boolean;
  startFormOpen: boolean;
}

/**
 * Returns the controls for a state: the start form is open when ready; a
 * stopped test offers New test (which reopens it); a running one Edit and Stop.
 */
export function controlsFor(state: RunState | null): Controls {
  switch (state) {
    case 'spawning':
    case 'running':
      return { newTest: false, edit: true, stop: true, reset: true, startFormOpen: false };
    case 'stopping':
    case 'cleanup':
      return { newTest: false, edit: false, stop: false, reset: true, startFormOpen: false };
    case 'stopped':
      return { newTest: true, edit: false, stop: false, reset: true, startFormOpen: false };
    default:
      return { newTest: false, edit: false, stop: false, reset: true, startFormOpen: true };
  }
}
