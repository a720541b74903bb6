// The Charts tab: three uPlot line charts over the whole run (requests and
// failures per second, response times, users). Dragging across a chart zooms
// all three to that time range and keeps the zoom while new points arrive;
// double-click returns to the full run.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber, percentileKey, percentileLabel } from './format';
import type { ChartHistory } from './history';

/** One line of a chart. */
export interface LineSpec {
  key: string;
  label: string;
  color: string;
  dash?: number[];
}

/** One chart: its container id and lines. */
export interface ChartSpec {
  id: string;
  title: string;
  lines: LineSpec[];
}

const PERCENTILE_COLORS = ['#ff9f00', '#9966cc', '#8a2be2', '#8e4585', '#e0b0ff', '#c8a2c8'];

/** Returns the three charts for the given charted percentiles. */
export function chartSpecs(percentiles: readonly number[]): ChartSpec[] {
  return [
    {
      id: 'chart-rps',
      title: 'Total Requests per Second',
      lines: [
        { key: 'current_rps', label: 'RPS', color: '#00ca5a' },
        { key: 'current_fail_per_sec', label: 'Failures/s', color: '#ff6d6d' },
      ],
    },
    {
      id: 'chart-response-times',
      title: 'Response Times (ms)',
      lines: [
        ...percentiles.map((p, i) => ({
          key: percentileKey(p),
          label: percentileLabel(p),
          color: PERCENTILE_COLORS[i % PERCENTILE_COLORS.length],
        })),
        { key: 'total_avg_response_time', label: 'Average', color: '#3e98c5', dash: [6, 4] },
      ],
    },
    {
      id: 'chart-users',
      title: 'Number of Users',
      lines: [{ key: 'user_count', label: 'Users', color: '#0099ff' }],
    },
  ];
}

/** Returns the aligned data uPlot draws for one chart. */
export function chartData(history: ChartHistory, spec: ChartSpec): uPlot.AlignedData {
  return [history.xs(), ...spec.lines.map((l) => history.column(l.key))];
}

interface Colors {
  text: string;
  grid: string;
}

function readColors(): Colors {
  const css = getComputedStyle(document.documentElement);
  return {
    text: css.getPropertyValue('--chart-text').trim() || '#444',
    grid: css.getPropertyValue('--chart-grid').trim() || '#e5e5e5',
  };
}

const CHART_HEIGHT = 240;
/** Time axis steps in seconds: never finer than a second, the resolution of the data. */
const TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

// legendValue shows the value under the cursor, or the newest value when the
// cursor is elsewhere, so the legend doubles as a live readout.
function legendValue(u: uPlot, v: number | null, sidx: number, idx: number | null): string {
  let value = v;
  if (idx === null) {
    const col = u.data[sidx];
    value = col.length > 0 ? (col[col.length - 1] ?? null) : null;
  }
  return value === null || value === undefined ? '–' : formatNumber(value, 2);
}

function legendTime(_u: uPlot, v: number | null, _sidx: number, idx: number | null): string {
  if (idx === null) {
    return 'latest';
  }
  return v === null ? '–' : new Date(v * 1000).toLocaleTimeString();
}

// yRange starts every y axis at zero, as Locust's charts do, with headroom above.
function yRange(_u: uPlot, _min: number, max: number): uPlot.Range.MinMax {
  return uPlot.rangeNum(0, Number.isFinite(max) && max > 0 ? max : 1, 0.1, true);
}
const SYNC_KEY = 'gust-charts';

/** The charts view; see the file comment. */
export class ChartsView {
  private plots: { spec: ChartSpec; plot: uPlot; seen: number; from: ChartHistory | null }[] = [];
  private visible = false;
  private zoomed = false;
  private readonly resize: ResizeObserver | null;

  constructor(
    private readonly root: HTMLElement,
    private history: () => ChartHistory,
    private percentiles: readonly number[],
  ) {
    this.resize =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.fitWidth());
    this.resize?.observe(root);
  }

  /** Tells the view whether its tab is shown; uPlot needs a laid-out container to size itself. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) {
      if (this.plots.length === 0) {
        this.build();
      } else {
        this.fitWidth();
      }
      this.update();
    }
  }

  /** Rebuilds the charts, e.g. after the theme or the charted percentiles changed. */
  rebuild(percentiles: readonly number[] = this.percentiles): void {
    this.percentiles = percentiles;
    const zoom = this.zoomed && this.plots.length > 0 ? { ...this.plots[0].plot.scales.x } : null;
    this.destroy();
    if (this.visible) {
      this.build();
      if (zoom !== null && zoom.min !== undefined && zoom.max !== undefined) {
        this.zoomed = true;
        for (const p of this.plots) {
          p.plot.setScale('x', { min: zoom.min, max: zoom.max });
        }
      }
      this.update();
    }
  }

  /** Redraws the charts with the history's latest data, keeping a zoom in place. */
  update(): void {
    if (!this.visible) {
      return;
    }
    const history = this.history();
    for (const p of this.plots) {
      if (p.seen === history.version && p.from === history) {
        continue;
      }
      p.seen = history.version;
      p.from = history;
      const data = chartData(history, p.spec);
      if (this.zoomed) {
        const { min, max } = p.plot.scales.x;
        p.plot.setData(data, false);
        if (min !== undefined && max !== undefined) {
          p.plot.setScale('x', { min, max });
        }
      } else {
        p.plot.setData(data, true);
      }
    }
  }

  /** Removes the charts from the page. */
  destroy(): void {
    for (const p of this.plots) {
      p.plot.destroy();
    }
    this.plots = [];
  }

  private containerFor(spec: ChartSpec): HTMLElement {
    const el = this.root.querySelector<HTMLElement>(`#${spec.id} .chart-plot`);
    if (el === null) {
      throw new Error(`chart container #${spec.id} is missing`);
    }
    return el;
  }

  private build(): void {
    const colors = readColors();
    const history = this.history();
    this.zoomed = false;
    for (const spec of chartSpecs(this.percentiles)) {
      const target = this.containerFor(spec);
      target.replaceChildren();
      const width = Math.max(300, target.clientWidth);
      const axis: uPlot.Axis = {
        stroke: colors.text,
        grid: { stroke: colors.grid, width: 1 },
        ticks: { stroke: colors.grid, width: 1 },
      };
      const opts: uPlot.Options = {
        width,
        height: CHART_HEIGHT,
        cursor: { sync: { key: SYNC_KEY }, drag: { x: true, y: false, setScale: true } },
        scales: { x: { time: true }, y: { range: yRange } },
        axes: [{ ...axis, incrs: TIME_INCRS }, { ...axis, size: 60 }],
        series: [
          { label: 'Time', value: legendTime },
          ...spec.lines.map((l) => ({
            label: l.label,
            stroke: l.color,
            width: 2,
            dash: l.dash,
            points: { show: false },
            value: legendValue,
          })),
        ],
        hooks: {
          setSelect: [
            (u: uPlot) => {
              if (u.select.width > 0) {
                this.zoomed = true;
              }
            },
          ],
        },
      };
      const plot = new uPlot(opts, chartData(history, spec), target);
      plot.over.addEventListener('dblclick', () => this.resetZoom());
      this.plots.push({ spec, plot, seen: history.version, from: history });
    }
  }

  private resetZoom(): void {
    this.zoomed = false;
    for (const p of this.plots) {
      p.from = null;
    }
    this.update();
  }

  private fitWidth(): void {
    if (!this.visible) {
      return;
    }
    for (const p of this.plots) {
      const w = this.containerFor(p.spec).clientWidth;
      if (w > 0 && Math.abs(w - p.plot.width) > 1) {
        p.plot.setSize({ width: w, height: CHART_HEIGHT });
      }
    }
  }
}
