// URL computation. gust may be served under a prefix (--web-base-path /locust),
// so every API and websocket URL is derived from the page's own location
// instead of being absolute.

/**
 * Returns the directory URL the page was served from: the base every API path
 * is relative to. "http://h/locust/" and "http://h/locust/index.html?x#y" both
 * give "http://h/locust/".
 */
export function baseURL(pageHref: string): URL {
  const url = new URL('.', pageHref);
  url.search = '';
  url.hash = '';
  return url;
}

/** Returns the absolute URL of an API path ("stats/requests") under base. */
export function apiURL(base: URL, path: string): string {
  return new URL(path.replace(/^\/+/, ''), base).href;
}

/** Returns the websocket URL (ws: or wss:, matching the page's scheme) under base. */
export function wsURL(base: URL, path = 'ws'): string {
  const url = new URL(path.replace(/^\/+/, ''), base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}
