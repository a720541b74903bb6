// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { StatsTable, cellText, statsColumns } from '../src/statsTable';
import type { StatsEntry } from '../src/types';

function entry(method: string, name: string, n: number, extra: Partial<StatsEntry> = {}): StatsEntry {
  return {
    method,
    name,
    num_requests: n,
    num_failures: 0,
    median_response_time: 12,
    avg_response_time: 15.678,
    min_response_time: 2,
    max_response_time: 99,
    avg_content_length: 1024.5,
    current_rps: n / 10,
    current_fail_per_sec: 0,
    'response_time_percentile_0.9': 40,
    'response_time_percentile_0.95': 50,
    'response_time_percentile_0.99': 80,
    ...extra,
  };
}

const total = (n: number) => entry('', 'Aggregated', n);

let tableEl: HTMLTableElement;
let table: StatsTable;

function rowNames(): string[] {
  return [...tableEl.querySelectorAll('tbody tr')].map((tr) => (tr as HTMLElement).dataset.name ?? '');
}

beforeEach(() => {
  document.body.innerHTML = '<table id="t"></table>';
  tableEl = document.getElementById('t') as HTMLTableElement;
  table = new StatsTable(tableEl);
});

describe('statsColumns', () => {
  it('follows Locust with 90%ile added', () => {
    expect(statsColumns().map((c) => c.title)).toEqual([
      'Type', 'Name', '# Requests', '# Fails', 'Median (ms)', '90%ile (ms)', '95%ile (ms)', '99%ile (ms)',
      'Average (ms)', 'Min (ms)', 'Max (ms)', 'Average size (bytes)', 'Current RPS', 'Current Failures/s',
    ]);
  });
  it('formats cells', () => {
    const cols = statsColumns();
    const e = entry('GET', '/x', 3, { min_response_time: null });
    const byKey = (k: string) => cellText(e, cols.find((c) => c.key === k)!);
    expect(byKey('avg_response_time')).toBe('15.68');
    expect(byKey('avg_content_length')).toBe('1024.5');
    expect(byKey('min_response_time')).toBe('');
    expect(byKey('method')).toBe('GET');
    expect(cellText(entry('', 'Aggregated', 1, { method: null }), cols[0])).toBe('');
  });
});

describe('StatsTable', () => {
  it('renders one row per entry with method and name attributes, Aggregated last', () => {
    table.update([total(6), entry('GET', '/b', 2), entry('POST', '/a', 4)]);
    const rows = [...tableEl.querySelectorAll<HTMLTableRowElement>('tbody tr')];
    expect(rows.map((r) => [r.dataset.testid, r.dataset.method, r.dataset.name, r.dataset.aggregated])).toEqual([
      ['stats-row', 'GET', '/b', undefined],
      ['stats-row', 'POST', '/a', undefined],
      ['stats-row', '', 'Aggregated', 'true'],
    ]);
    expect(rows[0].cells).toHaveLength(14);
    expect(rows[0].cells[1].textContent).toBe('/b');
    expect(rows[0].cells[5].textContent).toBe('40');
    expect(rows[2].classList.contains('total')).toBe(true);
  });

  it('reuses row elements and writes only changed cells', () => {
    table.update([entry('GET', '/a', 1), total(1)]);
    const before = tableEl.querySelector('tbody tr')!;
    const reqCell = before.querySelector('[data-col="num_requests"]')!;
    const nameText = before.querySelector('[data-col="name"]')!.firstChild;
    table.update([entry('GET', '/a', 2), total(2)]);
    const after = tableEl.querySelector('tbody tr')!;
    expect(after).toBe(before);
    expect(reqCell.textContent).toBe('2');
    // An unchanged cell keeps its very text node.
    expect(before.querySelector('[data-col="name"]')!.firstChild).toBe(nameText);
  });

  it('adds and removes rows as entries come and go', () => {
    table.update([entry('GET', '/a', 1), entry('GET', '/b', 1), total(2)]);
    table.update([entry('GET', '/b', 1), entry('GET', '/c', 1), total(2)]);
    expect(rowNames()).toEqual(['/b', '/c', 'Aggregated']);
    table.update([]);
    expect(rowNames()).toEqual([]);
  });

  it('tells entries with the same name but another method apart', () => {
    table.update([entry('GET', '/a', 1), entry('POST', '/a', 2), total(3)]);
    expect([...tableEl.querySelectorAll<HTMLElement>('tbody tr')].map((r) => r.dataset.method)).toEqual(['GET', 'POST', '']);
  });

  it('sorts by header clicks: ascending, descending, then server order', () => {
    table.update([entry('GET', '/b', 5), entry('GET', '/a', 1), entry('GET', '/c', 3), total(9)]);
    const th = tableEl.querySelector<HTMLElement>('th[data-sort-key="num_requests"]')!;
    th.click();
    expect(rowNames()).toEqual(['/a', '/c', '/b', 'Aggregated']);
    expect(th.getAttribute('aria-sort')).toBe('ascending');
    th.click();
    expect(rowNames()).toEqual(['/b', '/c', '/a', 'Aggregated']);
    expect(th.getAttribute('aria-sort')).toBe('descending');
    th.click();
    expect(rowNames()).toEqual(['/b', '/a', '/c', 'Aggregated']);
    expect(th.getAttribute('aria-sort')).toBe('none');
  });

  it('keeps the sort across updates', () => {
    table.update([entry('GET', '/b', 5), entry('GET', '/a', 1), total(6)]);
    tableEl.querySelector<HTMLElement>('th[data-sort-key="name"]')!.click();
    table.update([entry('GET', '/b', 5), entry('GET', '/a', 1), entry('GET', '/0', 1), total(7)]);
    expect(rowNames()).toEqual(['/0', '/a', '/b', 'Aggregated']);
  });

  it('defers rendering while hidden', () => {
    table.setVisible(false);
    table.update([entry('GET', '/a', 1), total(1)]);
    expect(rowNames()).toEqual([]);
    table.setVisible(true);
    expect(rowNames()).toEqual(['/a', 'Aggregated']);
  });

  it('handles 500 names and an update of all of them', () => {
    const many = (k: number) => [
      ...Array.from({ length: 500 }, (_, i) => entry('GET', `/item/${i}`, i + k)),
      total(500 + k),
    ];
    table.update(many(0));
    const first = tableEl.querySelector('tbody tr');
    table.update(many(1));
    expect(tableEl.querySelectorAll('tbody tr')).toHaveLength(501);
    expect(tableEl.querySelector('tbody tr')).toBe(first);
    expect(tableEl.querySelector('tbody tr [data-col="num_requests"]')!.textContent).toBe('1');
  });
});
