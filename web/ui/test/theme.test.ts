// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { THEME_KEY, ThemeController, otherTheme, resolveTheme } from '../src/theme';

class MemoryStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

describe('resolveTheme', () => {
  it.each<[string | null, boolean, string]>([
    [null, false, 'light'],
    [null, true, 'dark'],
    ['dark', false, 'dark'],
    ['light', true, 'light'],
    ['purple', true, 'dark'],
  ])('stored %s, prefers dark %s → %s', (stored, dark, want) => {
    expect(resolveTheme(stored, dark)).toBe(want);
  });
  it('otherTheme flips', () => {
    expect(otherTheme('dark')).toBe('light');
    expect(otherTheme('light')).toBe('dark');
  });
});

describe('ThemeController', () => {
  it('follows the system until the user chooses, then remembers the choice', () => {
    const root = document.createElement('html');
    const storage = new MemoryStorage();
    const seen: string[] = [];
    const t = new ThemeController(root, storage as unknown as Storage, true);
    t.onChange((th) => seen.push(th));
    expect(root.dataset.theme).toBe('dark');
    t.systemChanged(false);
    expect(t.theme).toBe('light');
    expect(t.toggle()).toBe('dark');
    expect(storage.getItem(THEME_KEY)).toBe('dark');
    expect(root.dataset.theme).toBe('dark');
    t.systemChanged(false); // an explicit choice wins over the system
    expect(t.theme).toBe('dark');
    expect(seen).toEqual(['light', 'dark']);
    const again = new ThemeController(document.createElement('html'), storage as unknown as Storage, false);
    expect(again.theme).toBe('dark');
  });

  it('works when storage throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const t = new ThemeController(document.createElement('html'), broken as unknown as Storage, false);
    expect(t.theme).toBe('light');
    expect(t.toggle()).toBe('dark');
  });
});
