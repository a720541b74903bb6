// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ExceptionsView, FailuresView, LogsView, RatiosView } from '../src/panels';
import { TAB_IDS, Tabs, tabFromHash } from '../src/tabs';

describe('FailuresView', () => {
  it('lists failures most frequent first, as text', () => {
    const tbody = document.createElement('tbody');
    const v = new FailuresView(tbody);
    v.update([
      { method: 'GET', name: '/a', error: '<b>500</b>', occurrences: 2, first_seen: 1_700_000_000, last_seen: 1_700_000_100 },
      { method: 'POST', name: '/b', error: 'timeout', occurrences: 7 },
    ]);
    const rows = [...tbody.querySelectorAll('tr')];
    expect(rows.map((r) => r.cells[0].textContent)).toEqual(['7', '2']);
    expect(rows[1].cells[3].textContent).toBe('<b>500</b>');
    expect(rows[1].querySelector('b')).toBeNull();
    expect(rows[0].cells[4].textContent).toBe('');
    v.update([]);
    expect(tbody.textContent).toBe('No failures');
  });
});

describe('ExceptionsView', () => {
  it('shows tracebacks preformatted', () => {
    const tbody = document.createElement('tbody');
    new ExceptionsView(tbody).update([
      { count: 3, msg: 'ZeroDivisionError: division by zero', traceback: 'File "locustfile.py", line 9\n  1/0', nodes: 'local' },
    ]);
    expect(tbody.querySelector('pre.traceback')?.textContent).toBe('File "locustfile.py", line 9\n  1/0');
    expect(tbody.querySelector('tr')?.cells[0].textContent).toBe('3');
  });
});

describe('RatiosView', () => {
  it('renders nested ratio trees', () => {
    const root = document.createElement('div');
    new RatiosView(root).update({
      per_class: { WebUser: { ratio: 0.75, tasks: { index: { ratio: 2 / 3 }, Browse: { ratio: 1 / 3, tasks: { item: { ratio: 1 } } } } } },
      total: { WebUser: { ratio: 0.75 } },
    });
    const items = [...root.querySelectorAll('li')].map((li) => li.firstChild?.textContent);
    expect(items).toEqual(['75.0% WebUser', '66.7% index', '33.3% Browse', '100.0% item', '75.0% WebUser']);
    new RatiosView(root).update({});
    expect(root.textContent).toBe('No task ratios yet.');
  });
});

describe('LogsView', () => {
  it('renders master and worker logs', () => {
    const root = document.createElement('div');
    new LogsView(root).update({ master: ['a', 'b'], workers: { w1: [] } });
    expect(root.querySelector('[data-testid="logs-master"]')?.textContent).toBe('a\nb');
    expect(root.querySelector('[data-testid="logs-worker-w1"]')?.textContent).toBe('(no log lines)');
  });
});

describe('Tabs', () => {
  it('shows one panel and reports visibility changes', () => {
    document.body.innerHTML = TAB_IDS.map((id) => `<button id="tab-${id}"></button><section id="panel-${id}"></section>`).join('');
    const events: string[] = [];
    const tabs = new Tabs(document, 'charts');
    tabs.onChange((id, visible) => events.push(`${id}:${visible}`));
    const visible = () => TAB_IDS.filter((id) => !document.getElementById(`panel-${id}`)!.hidden);
    expect(visible()).toEqual(['charts']);
    expect(document.getElementById('tab-charts')!.getAttribute('aria-selected')).toBe('true');
    document.getElementById('tab-logs')!.click();
    expect(visible()).toEqual(['logs']);
    expect(events).toEqual(['charts:false', 'logs:true']);
    expect(location.hash).toBe('#logs');
    document.getElementById('tab-logs')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    expect(visible()).toEqual(['stats']); // wraps around to the first tab
    document.getElementById('tab-stats')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' }));
    expect(visible()).toEqual(['logs']);
  });
  it.each([
    ['#charts', 'charts'],
    ['logs', 'logs'],
    ['', 'stats'],
    ['#nope', 'stats'],
  ])('tabFromHash(%s) = %s', (hash, want) => {
    expect(tabFromHash(hash)).toBe(want);
  });
});
