// The page: wires the model, the live connection and the views together.

import { Api, type SwarmFields } from './api';
import { ChartsView } from './charts';
import { byId, setText, show } from './dom';
import { EditForm, StartForm } from './forms';
import { formatFailRatio, formatNumber } from './format';
import { LiveConnection, type LiveMode, type SocketLike } from './live';
import type { Message } from './messages';
import { DEFAULT_CHART_PERCENTILES, applyMessage, controlsFor, isActive, isIdle, newModel, type Changes } from './model';
import { ExceptionsView, FailuresView, LogsView, RatiosView } from './panels';
import { isAggregated } from './sort';
import { StatsTable } from './statsTable';
import { Tabs, tabFromHash, type TabId } from './tabs';
import { ThemeController } from './theme';
import type { ExceptionEntry, Logs, SwarmResponse, TaskRatios, UiConfig } from './types';
import { baseURL, wsURL } from './urls';

/** How often the Exceptions, Logs and Current ratio tabs refresh while shown. */
const SLOW_REFRESH_MS = 5000;
/** How long an error notice stays up. */
const NOTICE_MS = 8000;

const MODE_TEXT: Record<LiveMode, string> = {
  connecting: 'connecting…',
  live: 'live',
  polling: 'reconnecting (polling every 2 s)',
  stopped: 'disconnected',
};

/** The running page. */
export class App {
  private readonly model = newModel();
  private readonly api: Api;
  private readonly live: LiveConnection;
  private readonly tabs: Tabs;
  private readonly theme: ThemeController;
  private readonly statsTable: StatsTable;
  private readonly failures = new FailuresView(byId<HTMLTableSectionElement>('failures-body'));
  private readonly exceptions = new ExceptionsView(byId<HTMLTableSectionElement>('exceptions-body'));
  private readonly ratios = new RatiosView(byId('ratios'));
  private readonly logs = new LogsView(byId('logs'));
  private readonly charts: ChartsView;
  private readonly startForm: StartForm;
  private readonly editForm: EditForm;
  private startOpen = false;
  private editOpen = false;
  private lastFields: SwarmFields | null = null;
  private slowTimer: number | undefined;
  private noticeTimer: number | undefined;
  private chartPercentiles: readonly number[] = DEFAULT_CHART_PERCENTILES;

  constructor(private readonly win: Window) {
    const base = baseURL(win.location.href);
    this.api = new Api(base);
    const media = win.matchMedia?.('(prefers-color-scheme: dark)');
    this.theme = new ThemeController(win.document.documentElement, safeStorage(win), media?.matches ?? false);
    media?.addEventListener?.('change', (ev) => this.theme.systemChanged(ev.matches));

    this.statsTable = new StatsTable(byId<HTMLTableElement>('stats-table'));
    this.charts = new ChartsView(byId('panel-charts'), () => this.model.history, this.chartPercentiles);
    this.startForm = new StartForm(this.api, (res, f) => this.started(res, f));
    this.editForm = new EditForm(this.api, (res, f) => this.edited(res, f));

    const initialTab = tabFromHash(win.location.hash);
    this.tabs = new Tabs(win.document, initialTab);
    this.tabs.onChange((id, visible) => this.tabVisibility(id, visible));
    this.tabVisibility(initialTab, true);
    for (const other of ['stats', 'charts'] as TabId[]) {
      if (other !== initialTab) {
        this.tabVisibility(other, false);
      }
    }

    this.theme.onChange(() => {
      this.charts.rebuild();
      this.updateReportLinks();
    });
    this.updateReportLinks();
    this.bindButtons();

    this.live = new LiveConnection({
      wsURL: wsURL(base),
      statsURL: this.api.url('stats/requests'),
      openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      fetchJSON: (url) => fetch(url, { cache: 'no-store' }).then((r) => {
        if (!r.ok) {
          throw new Error(`${r.status} ${r.statusText}`);
        }
        return r.json() as Promise<unknown>;
      }),
      timers: {
        setTimeout: (fn, ms) => win.setTimeout(fn, ms),
        clearTimeout: (id) => win.clearTimeout(id as number),
      },
      now: () => Date.now(),
      random: Math.random,
      onMessage: (m) => this.handle(m),
      onMode: (m) => setText(byId('connection'), MODE_TEXT[m]),
      onError: (e) => console.warn(`gust: ${e}`),
    });
  }

  /** Loads ui-config, opens the live connection and starts the slow refresh timer. */
  start(): void {
    this.render({ config: true, state: true, stats: true, history: true });
    this.api
      .json<UiConfig>('ui-config')
      .then((cfg) => {
        // The websocket hello may have arrived first; it carries the same object.
        if (this.model.config === null) {
          this.handle({ type: 'hello', data: cfg });
        }
      })
      .catch((err: Error) => this.notice(`Could not load ui-config: ${err.message}`));
    this.live.start();
    this.slowTimer = this.win.setInterval(() => this.refreshSlowTabs(), SLOW_REFRESH_MS);
  }

  /** Closes the connection and stops the timers. */
  stop(): void {
    this.live.stop();
    this.win.clearInterval(this.slowTimer);
    this.win.clearTimeout(this.noticeTimer);
    this.charts.destroy();
  }

  private handle(msg: Message): void {
    const wasIdle = isIdle(this.model.state);
    const ch = applyMessage(this.model, msg, Date.now());
    if (ch.state && wasIdle !== isIdle(this.model.state)) {
      // A test started or ended: the task ratios may have changed.
      if (this.tabs.selected === 'ratios') {
        void this.loadRatios();
      }
    }
    this.render(ch);
  }

  private render(ch: Changes): void {
    const m = this.model;
    if (ch.config && m.config !== null) {
      this.startForm.configure(m.config);
      setText(byId('version'), m.config.version ? `gust ${m.config.version}` : 'gust');
      setText(byId('locustfile'), m.config.locustfile ?? '');
      const pcts = m.config.percentiles_to_chart?.length ? m.config.percentiles_to_chart : DEFAULT_CHART_PERCENTILES;
      if (pcts.join() !== this.chartPercentiles.join()) {
        this.chartPercentiles = pcts;
        this.charts.rebuild(pcts);
      }
    }
    if (ch.state || ch.config || ch.stats) {
      this.renderHeader();
      this.renderControls();
    }
    if (ch.stats && m.report !== null) {
      this.statsTable.update(m.report.stats);
      const errors = m.report.errors;
      if (this.tabs.selected === 'failures') {
        this.failures.update(errors);
      }
      const badge = byId('failures-count');
      setText(badge, String(errors.length));
      show(badge, errors.length > 0);
    }
    if (ch.history) {
      this.charts.update();
    }
  }

  private renderHeader(): void {
    const m = this.model;
    setText(byId('header-host'), m.host || '(not set)');
    byId('header-host').title = m.host;
    const status = byId('status');
    setText(status, m.state ?? 'connecting');
    status.dataset.state = m.state ?? '';
    setText(byId('user-count'), String(m.userCount));
    const r = m.report;
    const total = r?.stats.find(isAggregated);
    setText(byId('rps'), formatNumber(r?.current_rps ?? total?.current_rps ?? 0, 2) || '0');
    setText(byId('fail-ratio'), formatFailRatio(r?.fail_ratio));
  }

  private renderControls(): void {
    const state = this.model.state;
    const c = controlsFor(state);
    if (!isIdle(state)) {
      this.startOpen = false;
    }
    if (!isActive(state)) {
      this.editOpen = false;
    }
    show(byId('new-test-button'), c.newTest && !this.startOpen);
    show(byId('edit-button'), c.edit);
    show(byId('stop-button'), c.stop);
    show(byId('reset-button'), c.reset);
    show(byId('start-panel'), state !== null && (c.startFormOpen || (c.newTest && this.startOpen)));
    show(byId('start-cancel'), c.newTest);
    show(byId('edit-panel'), c.edit && this.editOpen);
    byId('edit-button').setAttribute('aria-expanded', String(this.editOpen));
  }

  private bindButtons(): void {
    byId('new-test-button').addEventListener('click', () => {
      this.startOpen = true;
      this.renderControls();
      byId<HTMLInputElement>('user-count-input').focus();
    });
    byId('start-cancel').addEventListener('click', () => {
      this.startOpen = false;
      this.renderControls();
    });
    byId('edit-button').addEventListener('click', () => {
      this.editOpen = !this.editOpen;
      if (this.editOpen) {
        const cfg = this.model.config;
        this.editForm.prefill(
          this.lastFields?.userCount ?? String(cfg?.num_users ?? this.model.userCount),
          this.lastFields?.spawnRate ?? String(cfg?.spawn_rate ?? 1),
        );
      }
      this.renderControls();
    });
    byId('edit-cancel').addEventListener('click', () => {
      this.editOpen = false;
      this.renderControls();
    });
    byId('stop-button').addEventListener('click', () => {
      this.api.text('stop').catch((err: Error) => this.notice(`Stop failed: ${err.message}`));
    });
    byId('reset-button').addEventListener('click', () => {
      this.api
        .text('stats/reset')
        .then(() => {
          // Refresh the exceptions too: the reset clears them on the server.
          if (this.tabs.selected === 'exceptions') {
            void this.loadExceptions();
          }
        })
        .catch((err: Error) => this.notice(`Reset failed: ${err.message}`));
    });
    byId('theme-toggle').addEventListener('click', () => this.theme.toggle());
  }

  private started(res: SwarmResponse, fields: SwarmFields): void {
    this.lastFields = fields;
    this.startOpen = false;
    if (res.host) {
      this.model.host = res.host;
    }
    if (isIdle(this.model.state)) {
      // Show the new test at once; the server's state message confirms it.
      this.handle({ type: 'state', data: { state: 'spawning', user_count: this.model.userCount } });
    } else {
      this.renderControls();
    }
    if (res.message) {
      this.notice(res.message, 'info');
    }
  }

  private edited(_res: SwarmResponse, fields: SwarmFields): void {
    this.lastFields = { ...this.lastFields, ...fields };
    this.editOpen = false;
    this.renderControls();
  }

  private tabVisibility(id: TabId, visible: boolean): void {
    switch (id) {
      case 'stats':
        this.statsTable.setVisible(visible);
        break;
      case 'charts':
        this.charts.setVisible(visible);
        break;
      case 'failures':
        if (visible && this.model.report) {
          this.failures.update(this.model.report.errors);
        }
        break;
      case 'exceptions':
        if (visible) void this.loadExceptions();
        break;
      case 'ratios':
        if (visible) void this.loadRatios();
        break;
      case 'logs':
        if (visible) void this.loadLogs();
        break;
      case 'downloads':
        break;
    }
  }

  private refreshSlowTabs(): void {
    switch (this.tabs.selected) {
      case 'exceptions':
        void this.loadExceptions();
        break;
      case 'logs':
        void this.loadLogs();
        break;
      case 'ratios':
        void this.loadRatios();
        break;
      default:
        break;
    }
  }

  private async loadExceptions(): Promise<void> {
    try {
      const r = await this.api.json<{ exceptions: ExceptionEntry[] }>('exceptions');
      this.exceptions.update(Array.isArray(r.exceptions) ? r.exceptions : []);
    } catch (err) {
      this.notice(`Could not load exceptions: ${(err as Error).message}`);
    }
  }

  private async loadRatios(): Promise<void> {
    try {
      this.ratios.update(await this.api.json<TaskRatios>('tasks'));
    } catch (err) {
      this.notice(`Could not load task ratios: ${(err as Error).message}`);
    }
  }

  private async loadLogs(): Promise<void> {
    try {
      const logs = await this.api.json<Logs>('logs');
      this.logs.update({ master: logs.master ?? [], workers: logs.workers ?? {} });
    } catch (err) {
      this.notice(`Could not load logs: ${(err as Error).message}`);
    }
  }

  private updateReportLinks(): void {
    const theme = this.theme.theme;
    byId<HTMLAnchorElement>('download-report').href = this.api.url(`stats/report?download=1&theme=${theme}`);
    byId<HTMLAnchorElement>('view-report').href = this.api.url(`stats/report?theme=${theme}`);
  }

  private notice(text: string, level: 'error' | 'info' = 'error'): void {
    const el = byId('notice');
    setText(el, text);
    el.dataset.level = level;
    show(el, true);
    this.win.clearTimeout(this.noticeTimer);
    this.noticeTimer = this.win.setTimeout(() => show(el, false), NOTICE_MS);
  }
}

function safeStorage(win: Window): Storage | null {
  try {
    return win.localStorage;
  } catch {
    return null;
  }
}
