// The smaller tabs: Failures, Exceptions, Current ratio and Logs. Server text
// (error messages, tracebacks, log lines) is only ever set as textContent.

import { h, setText } from './dom';
import { formatRatio, formatTimestamp } from './format';
import type { ErrorEntry, ExceptionEntry, Logs, RatioNode, TaskRatios } from './types';

function emptyRow(cols: number, text: string): HTMLTableRowElement {
  return h('tr', { class: 'empty' }, h('td', { colspan: cols }, text));
}

/** The Failures tab: one row per (method, name, error), most frequent first. */
export class FailuresView {
  private last = '';
  constructor(private readonly tbody: HTMLTableSectionElement) {}

  /** Renders the errors of a report; skips the work when nothing changed. */
  update(errors: readonly ErrorEntry[]): void {
    const sig = JSON.stringify(errors);
    if (sig === this.last) {
      return;
    }
    this.last = sig;
    if (errors.length === 0) {
      this.tbody.replaceChildren(emptyRow(6, 'No failures'));
      return;
    }
    const sorted = [...errors].sort((a, b) => b.occurrences - a.occurrences);
    this.tbody.replaceChildren(
      ...sorted.map((e) =>
        h(
          'tr',
          { 'data-testid': 'failure-row', 'data-method': e.method ?? '', 'data-name': e.name },
          h('td', { class: 'num' }, String(e.occurrences)),
          h('td', {}, e.method ?? ''),
          h('td', { class: 'name' }, e.name),
          h('td', { class: 'message' }, e.error),
          h('td', {}, formatTimestamp(e.first_seen)),
          h('td', {}, formatTimestamp(e.last_seen)),
        ),
      ),
    );
  }
}

/** The Exceptions tab: each exception with its count, message, traceback and nodes. */
export class ExceptionsView {
  private last = '';
  constructor(private readonly tbody: HTMLTableSectionElement) {}

  /** Renders the exceptions list of GET exceptions. */
  update(list: readonly ExceptionEntry[]): void {
    const sig = JSON.stringify(list);
    if (sig === this.last) {
      return;
    }
    this.last = sig;
    if (list.length === 0) {
      this.tbody.replaceChildren(emptyRow(4, 'No exceptions'));
      return;
    }
    this.tbody.replaceChildren(
      ...list.map((e) =>
        h(
          'tr',
          { 'data-testid': 'exception-row' },
          h('td', { class: 'num' }, String(e.count)),
          h('td', { class: 'message' }, e.msg),
          h('td', {}, h('pre', { class: 'traceback' }, e.traceback)),
          h('td', {}, e.nodes),
        ),
      ),
    );
  }
}

function ratioList(nodes: Record<string, RatioNode>): HTMLUListElement {
  const ul = h('ul');
  for (const [name, node] of Object.entries(nodes)) {
    const li = h('li', { 'data-ratio-name': name }, `${formatRatio(node.ratio)} ${name}`);
    if (node.tasks && Object.keys(node.tasks).length > 0) {
      li.append(ratioList(node.tasks));
    }
    ul.append(li);
  }
  return ul;
}

/** The Current ratio tab: the per-class and total task ratio trees. */
export class RatiosView {
  constructor(private readonly root: HTMLElement) {}

  /** Renders GET tasks. */
  update(r: TaskRatios): void {
    const parts: Node[] = [];
    if (r.per_class && Object.keys(r.per_class).length > 0) {
      parts.push(h('h3', {}, 'Ratio per User class'), ratioList(r.per_class));
    }
    if (r.total && Object.keys(r.total).length > 0) {
      parts.push(h('h3', {}, 'Total ratio'), ratioList(r.total));
    }
    if (parts.length === 0) {
      parts.push(h('p', { class: 'muted' }, 'No task ratios yet.'));
    }
    this.root.replaceChildren(...parts);
  }
}

/** The Logs tab: the last lines of the master log and of each worker. */
export class LogsView {
  private last = '';
  constructor(private readonly root: HTMLElement) {}

  /** Renders GET logs, each block scrolled to its newest line. */
  update(logs: Logs): void {
    const sig = JSON.stringify(logs);
    if (sig === this.last) {
      return;
    }
    this.last = sig;
    const parts: Node[] = [h('h3', {}, 'Master'), logBlock('logs-master', logs.master ?? [])];
    for (const [worker, lines] of Object.entries(logs.workers ?? {})) {
      parts.push(h('h3', {}, `Worker ${worker}`), logBlock(`logs-worker-${worker}`, lines));
    }
    this.root.replaceChildren(...parts);
    for (const pre of this.root.querySelectorAll('pre')) {
      pre.scrollTop = pre.scrollHeight;
    }
  }
}

function logBlock(testid: string, lines: readonly string[]): HTMLPreElement {
  const pre = h('pre', { class: 'log', 'data-testid': testid });
  setText(pre, lines.length === 0 ? '(no log lines)' : lines.join('\n'));
  return pre;
}
