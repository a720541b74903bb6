// Requests to gust's HTTP API. Paths are relative to the page's base URL so
// the UI works under --web-base-path.

import { apiURL } from './urls';
import type { SwarmResponse } from './types';

/** The values of the start or edit form. Empty optional fields are not sent. */
export interface SwarmFields {
  userCount?: string;
  spawnRate?: string;
  host?: string;
  runTime?: string;
  userClasses?: string[];
  tags?: string;
  /** The profile label; sent even when empty (which clears it), unless undefined. */
  profile?: string;
  /** The custom parameters (the locustfile's own options) by name; empty values are not sent. */
  extra?: Record<string, string>;
}

/** Builds the form-urlencoded body of POST swarm. */
export function swarmBody(f: SwarmFields): URLSearchParams {
  const body = new URLSearchParams();
  const add = (key: string, value: string | undefined) => {
    const v = value?.trim();
    if (v !== undefined && v !== '') {
      body.append(key, v);
    }
  };
  add('user_count', f.userCount);
  add('spawn_rate', f.spawnRate);
  add('host', f.host);
  add('run_time', f.runTime);
  for (const cls of f.userClasses ?? []) {
    body.append('user_classes', cls);
  }
  const tags = (f.tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (tags.length > 0) {
    body.append('tags', tags.join(','));
  }
  if (f.profile !== undefined) {
    body.append('profile', f.profile.trim());
  }
  for (const [name, value] of Object.entries(f.extra ?? {})) {
    if (value !== '') {
      body.append(name, value);
    }
  }
  return body;
}

/** Formats the run time of ui-config for the form: seconds become "90s", strings stay. */
export function runTimeText(v: string | number | null | undefined): string {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
    return `${v}s`;
  }
  return typeof v === 'string' ? v : '';
}

/** Client of the gust HTTP API rooted at the page's base URL. */
export class Api {
  constructor(
    private readonly base: URL,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** Returns the absolute URL of an API path. */
  url(path: string): string {
    return apiURL(this.base, path);
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const res = await this.fetchFn(this.url(path), { cache: 'no-store', ...init });
    if (!res.ok) {
      const detail = (await res.text().catch(() => '')).trim().slice(0, 200);
      throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${res.statusText}${detail ? `: ${detail}` : ''}`);
    }
    return res;
  }

  /** GETs a JSON document. */
  async json<T>(path: string): Promise<T> {
    const res = await this.request(path);
    try {
      return (await res.json()) as T;
    } catch (err) {
      throw new Error(`GET ${path}: invalid JSON: ${(err as Error).message}`);
    }
  }

  /** GETs a text document (stop and stats/reset answer with short text). */
  async text(path: string): Promise<string> {
    return (await this.request(path)).text();
  }

  /** POSTs swarm: starts a test, or changes users and spawn rate of a running one. */
  async swarm(fields: SwarmFields): Promise<SwarmResponse> {
    const res = await this.request('swarm', { method: 'POST', body: swarmBody(fields) });
    try {
      return (await res.json()) as SwarmResponse;
    } catch (err) {
      throw new Error(`POST swarm: invalid JSON: ${(err as Error).message}`);
    }
  }
}
