// The Statistics tab's table. Rows are keyed by (method, name) and kept
// between updates: each second only the cells whose text changed are
// written, and rows move only when the order changes, so a run with 500
// request names stays cheap to display.

import { h, setText } from './dom';
import { formatNumber, percentileKey, percentileNumber } from './format';
import { isAggregated, nextSort, rowKey, sortStats, type SortState } from './sort';
import type { StatsEntry } from './types';

/** Percentiles shown as table columns (Locust shows 95 and 99; gust adds 90). */
export const TABLE_PERCENTILES = [0.9, 0.95, 0.99];

/** One table column: the JSON key it reads, its header and its rounding. */
export interface Column {
  key: string;
  title: string;
  places?: number;
  numeric: boolean;
}

/** Returns the columns of the statistics table, Locust's order with the given percentiles. */
export function statsColumns(percentiles: readonly number[] = TABLE_PERCENTILES): Column[] {
  return [
    { key: 'method', title: 'Type', numeric: false },
    { key: 'name', title: 'Name', numeric: false },
    { key: 'num_requests', title: '# Requests', numeric: true },
    { key: 'num_failures', title: '# Fails', numeric: true },
    { key: 'median_response_time', title: 'Median (ms)', places: 2, numeric: true },
    ...percentiles.map((p) => ({
      key: percentileKey(p),
      title: `${percentileNumber(p)}%ile (ms)`,
      places: 2,
      numeric: true,
    })),
    { key: 'avg_response_time', title: 'Average (ms)', places: 2, numeric: true },
    { key: 'min_response_time', title: 'Min (ms)', places: 2, numeric: true },
    { key: 'max_response_time', title: 'Max (ms)', places: 2, numeric: true },
    { key: 'avg_content_length', title: 'Average size (bytes)', places: 2, numeric: true },
    { key: 'current_rps', title: 'Current RPS', places: 2, numeric: true },
    { key: 'current_fail_per_sec', title: 'Current Failures/s', places: 2, numeric: true },
  ];
}

/** Returns the text of one cell. */
export function cellText(entry: StatsEntry, col: Column): string {
  const v = entry[col.key];
  if (!col.numeric) {
    return v === null || v === undefined ? '' : String(v);
  }
  return formatNumber(v, col.places);
}

interface Row {
  tr: HTMLTableRowElement;
  cells: HTMLTableCellElement[];
}

/** The statistics table view. */
export class StatsTable {
  readonly columns: Column[];
  private readonly table: HTMLTableElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly headers: HTMLTableCellElement[] = [];
  private readonly rows = new Map<string, Row>();
  private entries: readonly StatsEntry[] = [];
  private sort: SortState = null;
  private visible = true;
  private dirty = false;

  constructor(table: HTMLTableElement, columns: Column[] = statsColumns()) {
    this.columns = columns;
    this.table = table;
    table.replaceChildren();
    const headRow = h('tr');
    for (const col of columns) {
      const th = h(
        'th',
        {
          scope: 'col',
          class: col.numeric ? 'num sortable' : 'sortable',
          'data-sort-key': col.key,
          'data-testid': `stats-header-${col.key}`,
          'aria-sort': 'none',
          tabindex: 0,
        },
        col.title,
      );
      th.addEventListener('click', () => this.sortBy(col.key));
      th.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          this.sortBy(col.key);
        }
      });
      this.headers.push(th);
      headRow.append(th);
    }
    this.tbody = h('tbody', { 'data-testid': 'stats-body' });
    table.append(h('thead', {}, headRow), this.tbody);
  }

  /** The current sort. */
  get sortState(): SortState {
    return this.sort;
  }

  /** Applies a header click on column key. */
  sortBy(key: string): void {
    this.sort = nextSort(this.sort, key);
    for (const th of this.headers) {
      const k = th.dataset.sortKey;
      const dir = this.sort !== null && this.sort.key === k ? (this.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
      th.setAttribute('aria-sort', dir);
    }
    this.render();
  }

  /** Tells the table whether its tab is shown; hidden tables defer rendering until shown. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.dirty) {
      this.render();
    }
  }

  /** Replaces the entries (the stats array of a report). */
  update(entries: readonly StatsEntry[]): void {
    this.entries = entries;
    this.dirty = true;
    if (this.visible) {
      this.render();
    }
  }

  /** Writes the current entries to the DOM. */
  render(): void {
    this.dirty = false;
    const ordered = sortStats(this.entries, this.sort);
    const wanted = new Set<string>();
    for (const e of ordered) {
      wanted.add(rowKey(e));
    }
    for (const [key, row] of this.rows) {
      if (!wanted.has(key)) {
        row.tr.remove();
        this.rows.delete(key);
      }
    }
    let cursor: ChildNode | null = this.tbody.firstChild;
    for (const e of ordered) {
      const key = rowKey(e);
      let row = this.rows.get(key);
      if (row === undefined) {
        row = this.createRow(e);
        this.rows.set(key, row);
      }
      for (let i = 0; i < this.columns.length; i++) {
        setText(row.cells[i], cellText(e, this.columns[i]));
      }
      if (row.tr === cursor) {
        cursor = cursor.nextSibling;
      } else {
        this.tbody.insertBefore(row.tr, cursor);
      }
    }
  }

  private createRow(e: StatsEntry): Row {
    const total = isAggregated(e);
    const tr = h('tr', {
      'data-testid': 'stats-row',
      'data-aggregated': total ? 'true' : null,
      'data-method': e.method ?? '',
      'data-name': e.name,
      class: total ? 'total' : null,
    });
    const cells = this.columns.map((col) =>
      h('td', { class: col.numeric ? 'num' : col.key === 'name' ? 'name' : null, 'data-col': col.key }),
    );
    const nameIdx = this.columns.findIndex((c) => c.key === 'name');
    if (nameIdx >= 0) {
      cells[nameIdx].title = e.name;
    }
    tr.append(...cells);
    return { tr, cells };
  }

  /** The table element (for tests). */
  get element(): HTMLTableElement {
    return this.table;
  }
}
