// A development mock of gust's web API with synthetic data, for manual checks
// and screenshots of the built UI (it serves ../assets/dist). It is not used
// by gust itself.
//
//   node mock/server.mjs [--port 8089] [--base /locust] [--names 20]
//                        [--history 3600] [--state running] [--picker] [--shape] [--no-ws]
//
// --history N pre-fills N seconds of a running test, to check the charts with
// long histories; --names sets the number of distinct request names; --no-ws
// refuses websocket upgrades, so the page must fall back to polling.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
    return acc;
  }, []),
);
const port = Number(args.port ?? 8089);
const base = (args.base ?? '').replace(/\/+$/, '');
const nameCount = Number(args.names ?? 12);
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'dist');
const methods = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];

// A tiny deterministic random source so screenshots are repeatable.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

const run = {
  state: args.state ?? 'ready',
  host: 'http://127.0.0.1:8080',
  target: 50,
  rate: 5,
  users: 0,
  startedAt: 0,
  stopAt: 0,
  entries: new Map(),
  errors: new Map(),
  history: [],
  log: [],
};

function log(msg) {
  run.log.push(`[${new Date().toISOString()}] mock/INFO/gust.main: ${msg}`);
  run.log = run.log.slice(-500);
}

function entryFor(method, name) {
  const key = `${method} ${name}`;
  if (!run.entries.has(key)) {
    run.entries.set(key, { method, name, n: 0, fails: 0, sum: 0, min: null, max: 0, bytes: 0, base: 20 + rand() * 200 });
  }
  return run.entries.get(key);
}

function names() {
  return Array.from({ length: nameCount }, (_, i) => [methods[i % methods.length], i < 6 ? ['/', '/cart', '/login', '/api/items', '/api/items/[id]', '/checkout'][i] : `/api/resource/${i}`]);
}

function tick(now) {
  if (run.state === 'spawning') {
    run.users = Math.min(run.target, run.users + run.rate);
    if (run.users >= run.target) setState('running');
  }
  if (run.state === 'running' && run.stopAt && now >= run.stopAt) {
    setState('stopped');
    run.users = 0;
  }
  if (run.state !== 'spawning' && run.state !== 'running') return;
  const list = names();
  for (let u = 0; u < run.users; u++) {
    const [m, n] = list[Math.floor(rand() * list.length)];
    const e = entryFor(m, n);
    const rt = e.base * (0.5 + rand() * rand() * 4);
    e.n++;
    e.sum += rt;
    e.min = e.min === null ? rt : Math.min(e.min, rt);
    e.max = Math.max(e.max, rt);
    e.bytes += 500 + Math.floor(rand() * 3000);
    if (rand() < 0.03) {
      e.fails++;
      const err = rand() < 0.5 ? 'HTTPError(\'500 Server Error: Internal Server Error\')' : 'ConnectionResetError(104, \'Connection reset by peer\')';
      const k = `${m} ${n} ${err}`;
      const rec = run.errors.get(k) ?? { method: m, name: n, error: err, occurrences: 0, first_seen: now / 1000, last_seen: 0 };
      rec.occurrences++;
      rec.last_seen = now / 1000;
      run.errors.set(k, rec);
    }
  }
}

function row(e, elapsed) {
  const avg = e.n ? e.sum / e.n : 0;
  const rps = e.n / Math.max(1, elapsed);
  return {
    method: e.method, name: e.name, safe_name: e.name, num_requests: e.n, num_failures: e.fails,
    median_response_time: Math.round(avg * 0.9), avg_response_time: avg,
    min_response_time: e.min === null ? null : Math.round(e.min), max_response_time: Math.round(e.max),
    avg_content_length: e.n ? e.bytes / e.n : 0,
    current_rps: run.state === 'running' || run.state === 'spawning' ? rps : 0,
    current_fail_per_sec: e.n ? (rps * e.fails) / e.n : 0,
    total_rps: rps, total_fail_per_sec: e.n ? (rps * e.fails) / e.n : 0,
    'response_time_percentile_0.9': Math.round(avg * 1.8), 'response_time_percentile_0.95': Math.round(avg * 2.3),
    'response_time_percentile_0.99': Math.round(avg * 3.5),
  };
}

function report(now) {
  const elapsed = run.startedAt ? (now - run.startedAt) / 1000 : 1;
  const entries = [...run.entries.values()].sort((a, b) => (a.name + a.method).localeCompare(b.name + b.method));
  const total = entries.reduce(
    (t, e) => ({ ...t, n: t.n + e.n, fails: t.fails + e.fails, sum: t.sum + e.sum, bytes: t.bytes + e.bytes, max: Math.max(t.max, e.max), min: e.min === null ? t.min : t.min === null ? e.min : Math.min(t.min, e.min) }),
    { method: '', name: 'Aggregated', n: 0, fails: 0, sum: 0, min: null, max: 0, bytes: 0 },
  );
  const agg = row(total, elapsed);
  const active = run.state === 'running' || run.state === 'spawning';
  return {
    stats: [...entries.map((e) => row(e, elapsed)), agg],
    errors: [...run.errors.values()].slice(0, 500),
    total_rps: agg.total_rps, total_fail_per_sec: agg.total_fail_per_sec,
    fail_ratio: total.n ? total.fails / total.n : 0,
    current_rps: agg.current_rps, current_fail_per_sec: agg.current_fail_per_sec,
    current_response_time_percentiles: {
      'response_time_percentile_0.5': active && total.n ? agg.median_response_time : null,
      'response_time_percentile_0.95': active && total.n ? agg['response_time_percentile_0.95'] : null,
    },
    total_avg_response_time: agg.avg_response_time,
    state: run.state, user_count: run.users,
  };
}

function point(now, r) {
  return {
    time: now, user_count: r.user_count, current_rps: r.current_rps, current_fail_per_sec: r.current_fail_per_sec,
    'response_time_percentile_0.5': r.current_response_time_percentiles['response_time_percentile_0.5'],
    'response_time_percentile_0.95': r.current_response_time_percentiles['response_time_percentile_0.95'],
    total_avg_response_time: r.total_avg_response_time,
  };
}

const sockets = new Set();
function broadcast(type, data) {
  const msg = JSON.stringify({ type, data });
  for (const s of sockets) s.send(msg);
}
function setState(state) {
  run.state = state;
  log(`state: ${state}`);
  broadcast('state', { state, user_count: run.users });
}

function uiConfig() {
  return {
    version: '0.0.0-mock', locustfile: 'locustfile.py', host: run.host, num_users: 50, spawn_rate: 5, run_time: null,
    state: run.state, class_picker: args.picker === 'true', user_classes: ['WebsiteUser', 'ApiUser', 'AdminUser'],
    tags: [], hide_common_options: args.shape === 'true', is_shape: args.shape === 'true', percentiles_to_chart: [0.5, 0.95],
  };
}

// Pre-fill a long running test for chart checks.
if (args.history) {
  const n = Number(args.history);
  const start = Date.now() - n * 1000;
  run.state = 'running';
  run.startedAt = start;
  run.users = run.target;
  for (let i = 0; i < n; i++) {
    const t = start + i * 1000;
    run.users = Math.min(run.target, 1 + Math.floor(i / 4));
    tick(t);
    run.history.push(point(t, report(t)));
  }
}

setInterval(() => {
  const now = Date.now();
  tick(now);
  const r = report(now);
  if (run.state === 'running' || run.state === 'spawning') run.history.push(point(now, r));
  broadcast('stats', { ...r, time: now });
}, 1000).unref?.();

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

async function readBody(req) {
  let s = '';
  for await (const c of req) s += c;
  return new URLSearchParams(s);
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (base && url.pathname === base) {
    res.writeHead(301, { Location: `${base}/${url.search}` });
    return res.end();
  }
  if (!url.pathname.startsWith(`${base}/`)) return send(res, 404, 'not found', 'text/plain');
  const path = url.pathname.slice(base.length + 1);
  const now = Date.now();
  switch (path) {
    case 'ui-config':
      return send(res, 200, uiConfig());
    case 'swarm': {
      const form = await readBody(req);
      log(`swarm ${form.toString()}`);
      if (!args.shape && (!form.get('user_count') || !form.get('spawn_rate'))) {
        return send(res, 200, { success: false, message: 'Missing user_count or spawn_rate from /swarm request', host: run.host });
      }
      if (form.get('host')) run.host = form.get('host');
      run.target = Number(form.get('user_count') ?? 50);
      run.rate = Number(form.get('spawn_rate') ?? 5);
      if (run.state === 'ready' || run.state === 'stopped') {
        run.entries.clear();
        run.errors.clear();
        run.history = [];
        run.users = 0;
        run.startedAt = now;
        const rt = form.get('run_time');
        run.stopAt = rt ? now + Number.parseInt(rt, 10) * (rt.endsWith('m') ? 60_000 : 1000) : 0;
      }
      setState('spawning');
      return send(res, 200, { success: true, message: 'Swarming started', host: run.host });
    }
    case 'stop':
      run.users = 0;
      setState('stopped');
      return send(res, 200, { success: true, message: 'Test stopped' });
    case 'stats/reset':
      run.entries.clear();
      run.errors.clear();
      return send(res, 200, 'ok', 'text/plain');
    case 'stats/requests':
      return send(res, 200, report(now));
    case 'exceptions':
      return send(res, 200, {
        exceptions: run.entries.size
          ? [{ count: 3, msg: "KeyError('id')", traceback: 'Traceback (most recent call last):\n  File "locustfile.py", line 21, in view_item\n    item = resp.json()["id"]\nKeyError: \'id\'', nodes: 'local' }]
          : [],
      });
    case 'tasks':
      return send(res, 200, {
        per_class: { WebsiteUser: { ratio: 0.75, tasks: { index: { ratio: 0.5 }, view_item: { ratio: 0.25 }, Checkout: { ratio: 0.25, tasks: { pay: { ratio: 1 } } } } }, ApiUser: { ratio: 0.25, tasks: { list_items: { ratio: 1 } } } },
        total: { WebsiteUser: { ratio: 0.75, tasks: { index: { ratio: 0.375 }, view_item: { ratio: 0.1875 }, pay: { ratio: 0.1875 } } }, ApiUser: { ratio: 0.25, tasks: { list_items: { ratio: 0.25 } } } },
      });
    case 'logs':
      return send(res, 200, { master: run.log, workers: {} });
    case 'stats/requests/csv':
    case 'stats/failures/csv':
    case 'exceptions/csv':
      return send(res, 200, '"Type","Name"\n', 'text/csv');
    case 'stats/requests_full_history/csv':
      return send(res, 404, 'Error: Server was not started with option to generate full history.', 'text/plain');
    case 'stats/report':
      return send(res, 200, '<!doctype html><title>Locust Test Report</title><h1>Report (mock)</h1>', 'text/html');
    default: {
      const file = normalize(path === '' ? 'index.html' : path);
      if (file.startsWith('..')) return send(res, 404, 'not found', 'text/plain');
      try {
        const data = await readFile(join(dist, file));
        return send(res, 200, data, types[extname(file)] ?? 'application/octet-stream');
      } catch {
        return send(res, 404, 'not found', 'text/plain');
      }
    }
  }
});

const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  if (args['no-ws'] === 'true' || new URL(req.url, 'http://x').pathname !== `${base}/ws`) return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.send(JSON.stringify({ type: 'hello', data: uiConfig() }));
    ws.send(JSON.stringify({ type: 'history', data: { points: run.history } }));
  });
});

server.listen(port, '127.0.0.1', () => {
  log('mock started');
  console.log(`mock gust API on http://127.0.0.1:${port}${base}/`);
});
