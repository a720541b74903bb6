// Light and dark themes. The CSS follows prefers-color-scheme by default; an
// explicit choice is stored in localStorage and set as data-theme on <html>.

/** The localStorage key of the chosen theme. */
export const THEME_KEY = 'gust-theme';

/** A theme name. */
export type Theme = 'light' | 'dark';

/** Returns the theme to use: the stored choice if valid, else the system preference. */
export function resolveTheme(stored: string | null, prefersDark: boolean): Theme {
  if (stored === 'light' || stored === 'dark') {
    return stored;
  }
  return prefersDark ? 'dark' : 'light';
}

/** Returns the other theme. */
export function otherTheme(t: Theme): Theme {
  return t === 'dark' ? 'light' : 'dark';
}

function readStored(storage: Storage | null): string | null {
  try {
    return storage?.getItem(THEME_KEY) ?? null;
  } catch {
    return null; // Storage can throw when disabled by privacy settings.
  }
}

/** Tracks the page theme and notifies listeners (the charts redraw with new colours). */
export class ThemeController {
  private current: Theme;
  private readonly listeners: ((t: Theme) => void)[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly storage: Storage | null,
    prefersDark: boolean,
  ) {
    const stored = readStored(storage);
    this.current = resolveTheme(stored, prefersDark);
    this.root.dataset.theme = this.current;
  }

  /** The active theme. */
  get theme(): Theme {
    return this.current;
  }

  /** Registers a listener called after every change. */
  onChange(fn: (t: Theme) => void): void {
    this.listeners.push(fn);
  }

  /** Switches to the other theme and remembers the choice. */
  toggle(): Theme {
    this.set(otherTheme(this.current), true);
    return this.current;
  }

  /** Follows a system preference change unless the user chose a theme explicitly. */
  systemChanged(prefersDark: boolean): void {
    if (readStored(this.storage) === null) {
      this.set(prefersDark ? 'dark' : 'light', false);
    }
  }

  private set(t: Theme, remember: boolean): void {
    if (remember) {
      try {
        this.storage?.setItem(THEME_KEY, t);
      } catch {
        // Not remembered, but still applied.
      }
    }
    if (t === this.current) {
      return;
    }
    this.current = t;
    this.root.dataset.theme = t;
    for (const fn of this.listeners) {
      fn(t);
    }
  }
}
