import { describe, expect, it } from 'vitest';
import { applyMessage, controlsFor, isActive, isIdle, newModel } from '../src/model';
import type { Message } from '../src/messages';
import type { RunState, StatsReport, UiConfig } from '../src/types';

const config: UiConfig = {
  version: '0.1.0',
  locustfile: 'locustfile.py',
  host: 'http://127.0.0.1:8080',
  num_users: 10,
  spawn_rate: 2,
  run_time: null,
  state: 'ready',
  class_picker: false,
  user_classes: ['WebUser'],
  tags: [],
  hide_common_options: false,
  is_shape: false,
  percentiles_to_chart: [0.5, 0.95],
};

function stats(state: RunState, time: number, rps = 1, users = 5): Message {
  const report: StatsReport = {
    stats: [],
    errors: [],
    total_rps: rps,
    current_rps: rps,
    fail_ratio: 0,
    state,
    user_count: users,
    time,
    current_response_time_percentiles: { 'response_time_percentile_0.5': 10, 'response_time_percentile_0.95': 20 },
  };
  return { type: 'stats', data: report };
}

const state = (s: RunState, users = 0): Message => ({ type: 'state', data: { state: s, user_count: users } });

describe('applyMessage', () => {
  it('hello sets config, host and state', () => {
    const m = newModel();
    const ch = applyMessage(m, { type: 'hello', data: config }, 0);
    expect(ch).toEqual({ config: true, state: true, stats: false, history: false });
    expect(m.config).toBe(config);
    expect(m.host).toBe('http://127.0.0.1:8080');
    expect(m.state).toBe('ready');
  });

  it('hello with other charted percentiles makes a matching history', () => {
    const m = newModel();
    const ch = applyMessage(m, { type: 'hello', data: { ...config, percentiles_to_chart: [0.5, 0.9, 0.99] } }, 0);
    expect(ch.history).toBe(true);
    expect(m.history.keys).toContain('response_time_percentile_0.99');
    expect(m.history.keys).toContain('response_time_percentile_0.9');
  });

  it('history replaces the chart data', () => {
    const m = newModel();
    applyMessage(m, stats('running', 1000), 0);
    const ch = applyMessage(
      m,
      { type: 'history', data: { points: [5, 6, 7].map((s) => ({ time: s * 1000, user_count: 1, current_rps: s, current_fail_per_sec: 0 })) } },
      0,
    );
    expect(ch.history).toBe(true);
    expect(m.history.xs()).toEqual([5, 6, 7]);
  });

  it('stats updates the report and records chart points only while a test is on', () => {
    const m = newModel();
    applyMessage(m, { type: 'hello', data: config }, 0);
    let ch = applyMessage(m, stats('ready', 1000, 0, 0), 0);
    expect(ch.stats).toBe(true);
    expect(ch.history).toBe(false);
    expect(m.history.length).toBe(0);

    ch = applyMessage(m, stats('running', 2000, 4, 5), 0);
    expect(ch).toEqual({ config: false, state: true, stats: true, history: true });
    expect(m.userCount).toBe(5);
    expect(m.report?.total_rps).toBe(4);
    expect(m.history.column('current_rps')).toEqual([4]);
    expect(m.history.column('response_time_percentile_0.95')).toEqual([20]);

    applyMessage(m, stats('stopped', 3000, 0, 0), 0);
    applyMessage(m, stats('stopped', 4000, 0, 0), 0);
    expect(m.history.length).toBe(1);
  });

  it('a stats report without time is stamped with the client clock', () => {
    const m = newModel();
    const msg = stats('running', 0);
    if (msg.type === 'stats') {
      delete msg.data.time;
    }
    applyMessage(m, msg, 7000);
    expect(m.history.xs()).toEqual([7]);
  });

  it('a new test (ready or stopped → spawning) clears the charts', () => {
    const m = newModel();
    applyMessage(m, state('running', 3), 0);
    applyMessage(m, stats('running', 1000), 0);
    applyMessage(m, stats('running', 2000), 0);
    applyMessage(m, state('stopping'), 0);
    expect(m.history.length).toBe(2);
    applyMessage(m, state('stopped'), 0);
    expect(m.history.length).toBe(2); // the finished run stays visible
    const ch = applyMessage(m, state('spawning', 1), 0);
    expect(ch.history).toBe(true);
    expect(m.history.length).toBe(0);
    expect(m.userCount).toBe(1);
  });

  it('does not clear the charts on the first state the page learns', () => {
    const m = newModel();
    applyMessage(m, { type: 'history', data: { points: [{ time: 1000, user_count: 1, current_rps: 1, current_fail_per_sec: 0 }] } }, 0);
    applyMessage(m, state('running', 1), 0);
    expect(m.history.length).toBe(1);
  });

  it('state reports only real changes', () => {
    const m = newModel();
    applyMessage(m, state('running', 2), 0);
    expect(applyMessage(m, state('running', 2), 0).state).toBe(false);
    expect(applyMessage(m, state('running', 3), 0).state).toBe(true);
  });
});

describe('controlsFor', () => {
  it.each<[RunState | null, string]>([
    [null, 'form'],
    ['ready', 'form'],
    ['spawning', 'edit stop'],
    ['running', 'edit stop'],
    ['stopping', ''],
    ['stopped', 'new'],
  ])('%s', (s, want) => {
    const c = controlsFor(s);
    const got = [c.startFormOpen && 'form', c.newTest && 'new', c.edit && 'edit', c.stop && 'stop'].filter(Boolean).join(' ');
    expect(got).toBe(want);
    expect(c.reset).toBe(true);
  });
});

describe('isIdle and isActive', () => {
  it.each<[RunState | null, boolean, boolean]>([
    [null, true, false],
    ['ready', true, false],
    ['spawning', false, true],
    ['running', false, true],
    ['stopping', false, false],
    ['stopped', true, false],
  ])('%s', (s, idle, active) => {
    expect(isIdle(s)).toBe(idle);
    expect(isActive(s)).toBe(active);
  });
});
