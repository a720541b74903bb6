import { describe, expect, it, vi } from 'vitest';
import { Api, runTimeText, swarmBody } from '../src/api';
import { baseURL } from '../src/urls';

describe('swarmBody', () => {
  it('sends the start form fields', () => {
    const b = swarmBody({
      userCount: '10',
      spawnRate: '2.5',
      host: ' https://example.com ',
      runTime: '5m',
      userClasses: ['WebUser', 'ApiUser'],
      tags: ' a, b ,,c ',
    });
    expect(b.toString()).toBe(
      'user_count=10&spawn_rate=2.5&host=https%3A%2F%2Fexample.com&run_time=5m&user_classes=WebUser&user_classes=ApiUser&tags=a%2Cb%2Cc',
    );
  });
  it('omits empty optional fields', () => {
    expect(swarmBody({ userCount: '1', spawnRate: '1', host: '', runTime: ' ', tags: '', userClasses: [] }).toString()).toBe(
      'user_count=1&spawn_rate=1',
    );
  });
  it('omits users and spawn rate when a shape hides them', () => {
    expect(swarmBody({ host: 'http://x' }).toString()).toBe('host=http%3A%2F%2Fx');
  });
});

describe('runTimeText', () => {
  it.each<[string | number | null | undefined, string]>([
    [90, '90s'],
    ['1h30m', '1h30m'],
    [null, ''],
    [undefined, ''],
    [0, ''],
  ])('%s → %s', (v, want) => {
    expect(runTimeText(v)).toBe(want);
  });
});

describe('Api', () => {
  const base = baseURL('http://h/locust/');

  it('posts swarm form-encoded under the base path', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ success: true, message: 'Swarming started', host: 'http://x' })));
    const api = new Api(base, fetchFn as unknown as typeof fetch);
    const res = await api.swarm({ userCount: '3', spawnRate: '1' });
    expect(res).toEqual({ success: true, message: 'Swarming started', host: 'http://x' });
    const [url, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://h/locust/swarm');
    expect(init.method).toBe('POST');
    expect(String(init.body)).toBe('user_count=3&spawn_rate=1');
  });

  it('reports HTTP errors with the status and body', async () => {
    const fetchFn = vi.fn(async () => new Response('Error: Server was not started with option', { status: 404, statusText: 'Not Found' }));
    const api = new Api(base, fetchFn as unknown as typeof fetch);
    await expect(api.json('stats/requests_full_history/csv')).rejects.toThrow(
      'GET stats/requests_full_history/csv: 404 Not Found: Error: Server was not started with option',
    );
  });

  it('reports invalid JSON', async () => {
    const fetchFn = vi.fn(async () => new Response('<html>'));
    const api = new Api(base, fetchFn as unknown as typeof fetch);
    await expect(api.json('tasks')).rejects.toThrow(/GET tasks: invalid JSON/);
  });
});

describe('swarmBody profile', () => {
  it('sends the profile, also empty to clear it, but not from the edit form', () => {
    expect(swarmBody({ userCount: '1', spawnRate: '1', profile: ' nightly ' }).toString()).toBe('user_count=1&spawn_rate=1&profile=nightly');
    expect(swarmBody({ userCount: '1', spawnRate: '1', profile: '' }).toString()).toBe('user_count=1&spawn_rate=1&profile=');
    expect(swarmBody({ userCount: '1', spawnRate: '1' }).toString()).toBe('user_count=1&spawn_rate=1');
  });
});

describe('swarmBody custom parameters', () => {
  it('sends every custom parameter that has a value, as typed', () => {
    const b = swarmBody({ userCount: '1', spawnRate: '1', extra: { my_arg: '7', flag: 'false', secret: ' p w ', empty: '' } });
    expect(b.toString()).toBe('user_count=1&spawn_rate=1&my_arg=7&flag=false&secret=+p+w+');
  });
});
