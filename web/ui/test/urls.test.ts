import { describe, expect, it } from 'vitest';
import { apiURL, baseURL, wsURL } from '../src/urls';

describe('baseURL', () => {
  it.each([
    ['http://127.0.0.1:8089/', 'http://127.0.0.1:8089/'],
    ['http://127.0.0.1:8089/#charts', 'http://127.0.0.1:8089/'],
    ['http://h/locust/', 'http://h/locust/'],
    ['http://h/locust/index.html', 'http://h/locust/'],
    ['http://h/locust/?tab=1#logs', 'http://h/locust/'],
    ['https://h:8443/a/b/', 'https://h:8443/a/b/'],
  ])('%s → %s', (page, want) => {
    expect(baseURL(page).href).toBe(want);
  });
});

describe('apiURL', () => {
  it.each([
    ['http://h/', 'stats/requests', 'http://h/stats/requests'],
    ['http://h/locust/', 'stats/requests', 'http://h/locust/stats/requests'],
    ['http://h/locust/', '/stats/requests', 'http://h/locust/stats/requests'],
    ['http://h/locust/', 'stats/report?theme=dark', 'http://h/locust/stats/report?theme=dark'],
  ])('%s + %s', (base, path, want) => {
    expect(apiURL(baseURL(base), path)).toBe(want);
  });
});

describe('wsURL', () => {
  it.each([
    ['http://127.0.0.1:8089/', 'ws://127.0.0.1:8089/ws'],
    ['http://h/locust/', 'ws://h/locust/ws'],
    ['https://h/locust/index.html', 'wss://h/locust/ws'],
  ])('%s → %s', (page, want) => {
    expect(wsURL(baseURL(page))).toBe(want);
  });
});
