// Tabs: buttons with role=tab that show one panel at a time. The selected tab
// is kept in the URL fragment (#charts) so a reload returns to it.

/** The tab ids, in display order. */
export const TAB_IDS = ['stats', 'charts', 'failures', 'exceptions', 'ratios', 'downloads', 'logs'] as const;

/** A tab id. */
export type TabId = (typeof TAB_IDS)[number];

/** Returns the tab named by a URL fragment, or the Statistics tab. */
export function tabFromHash(hash: string): TabId {
  const id = hash.replace(/^#/, '');
  return (TAB_IDS as readonly string[]).includes(id) ? (id as TabId) : 'stats';
}

/** The tab bar. */
export class Tabs {
  private current: TabId;
  private readonly listeners: ((id: TabId, visible: boolean) => void)[] = [];

  constructor(
    private readonly doc: Document,
    initial: TabId,
  ) {
    this.current = initial;
    TAB_IDS.forEach((id, i) => {
      const btn = this.button(id);
      btn.addEventListener('click', () => this.select(id, true));
      // Arrow keys move between tabs, as in the WAI-ARIA tabs pattern.
      btn.addEventListener('keydown', (ev) => {
        const step = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
        if (step !== 0) {
          ev.preventDefault();
          const next = TAB_IDS[(i + step + TAB_IDS.length) % TAB_IDS.length];
          this.select(next, true);
          this.button(next).focus();
        }
      });
    });
    this.apply();
  }

  /** The selected tab. */
  get selected(): TabId {
    return this.current;
  }

  /** Registers a listener told when a tab is shown (true) or hidden (false). */
  onChange(fn: (id: TabId, visible: boolean) => void): void {
    this.listeners.push(fn);
  }

  /** Selects a tab; remember also writes it to the URL fragment. */
  select(id: TabId, remember = false): void {
    if (remember) {
      history.replaceState(null, '', `#${id}`);
    }
    if (id === this.current) {
      return;
    }
    const previous = this.current;
    this.current = id;
    this.apply();
    for (const fn of this.listeners) {
      fn(previous, false);
      fn(id, true);
    }
  }

  private button(id: TabId): HTMLElement {
    const el = this.doc.getElementById(`tab-${id}`);
    if (el === null) {
      throw new Error(`tab #tab-${id} is missing`);
    }
    return el;
  }

  private apply(): void {
    for (const id of TAB_IDS) {
      const on = id === this.current;
      const btn = this.button(id);
      btn.setAttribute('aria-selected', String(on));
      btn.tabIndex = on ? 0 : -1;
      const panel = this.doc.getElementById(`panel-${id}`);
      if (panel !== null) {
        panel.hidden = !on;
      }
    }
  }
}
