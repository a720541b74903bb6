// The start form (new test) and the edit form (change users and spawn rate of
// a running test). Both post to swarm and show the server's error message
// when it refuses.

import { runTimeText, type Api, type SwarmFields } from './api';
import { byId, h, show } from './dom';
import type { ExtraOption, SwarmResponse, UiConfig } from './types';

function input(id: string): HTMLInputElement {
  return byId<HTMLInputElement>(id);
}

function showError(el: HTMLElement, message: string): void {
  el.textContent = message;
  show(el, message !== '');
}

/** The start form; see the file comment. */
export class StartForm {
  private readonly form = byId<HTMLFormElement>('start-form');
  private readonly users = input('user-count-input');
  private readonly rate = input('spawn-rate-input');
  private readonly host = input('host-input');
  private readonly runTime = input('run-time-input');
  private readonly tags = input('tags-input');
  private readonly profile = input('profile-input');
  private readonly common = byId('common-options');
  private readonly runTimeRow = byId('run-time-row');
  private readonly picker = byId<HTMLFieldSetElement>('class-picker');
  private readonly classList = byId('user-class-list');
  private readonly selectAll = input('select-all-classes');
  private readonly error = byId('start-error');
  private readonly button = byId<HTMLButtonElement>('start-button');
  private readonly custom = byId<HTMLFieldSetElement>('custom-options');
  private readonly customList = byId('custom-option-list');
  private customShown = false;
  private prefilled = false;
  private classesShown = '';
  private hideCommon = false;
  private classPicker = false;

  constructor(
    private readonly api: Api,
    private readonly onStarted: (res: SwarmResponse, fields: SwarmFields) => void,
  ) {
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.submit();
    });
    this.form.addEventListener('input', () => showError(this.error, ''));
    this.selectAll.addEventListener('change', () => {
      for (const cb of this.classBoxes()) {
        cb.checked = this.selectAll.checked;
      }
    });
    this.classList.addEventListener('change', () => {
      this.selectAll.checked = this.classBoxes().every((cb) => cb.checked);
    });
  }

  /** Applies ui-config: prefills the fields once (-u, -r, -t, -H, -T) and sets up the class picker. */
  configure(cfg: UiConfig): void {
    if (!this.prefilled) {
      this.prefilled = true;
      this.users.value = String(cfg.num_users ?? 1);
      this.rate.value = String(cfg.spawn_rate ?? 1);
      this.host.value = cfg.host ?? '';
      this.runTime.value = runTimeText(cfg.run_time);
      this.tags.value = (cfg.tags ?? []).join(',');
      this.profile.value = cfg.profile ?? '';
      if (this.runTime.value !== '' || this.tags.value !== '' || this.profile.value !== '') {
        // Show prefilled advanced options rather than hide what will be sent.
        byId<HTMLDetailsElement>('advanced-options').open = true;
      }
    }
    if (!this.customShown) {
      this.customShown = true;
      const extra = Object.entries(cfg.extra_options ?? {});
      this.customList.replaceChildren(...extra.map(([name, opt]) => customField(name, opt)));
      show(this.custom, extra.length > 0);
    }
    this.hideCommon = cfg.hide_common_options === true;
    show(this.common, !this.hideCommon);
    show(this.runTimeRow, !this.hideCommon);
    this.users.required = !this.hideCommon;
    this.rate.required = !this.hideCommon;
    this.classPicker = cfg.class_picker === true && (cfg.user_classes ?? []).length > 0;
    show(this.picker, this.classPicker);
    const names = cfg.user_classes ?? [];
    const sig = names.join('\u0000');
    if (sig !== this.classesShown) {
      this.classesShown = sig;
      this.classList.replaceChildren(
        ...names.map((name) =>
          h(
            'label',
            { class: 'check' },
            h('input', {
              type: 'checkbox',
              name: 'user_classes',
              value: name,
              checked: true,
              'data-testid': `user-class-${name}`,
            }),
            ` ${name}`,
          ),
        ),
      );
      this.selectAll.checked = true;
    }
  }

  private classBoxes(): HTMLInputElement[] {
    return [...this.classList.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
  }

  /** The values the form would send. */
  fields(): SwarmFields {
    const f: SwarmFields = { host: this.host.value, tags: this.tags.value, profile: this.profile.value };
    if (!this.hideCommon) {
      f.userCount = this.users.value;
      f.spawnRate = this.rate.value;
      f.runTime = this.runTime.value;
    }
    const extra: Record<string, string> = {};
    for (const el of this.customList.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
      extra[el.name] = el instanceof HTMLInputElement && el.type === 'checkbox' ? String(el.checked) : el.value;
    }
    if (Object.keys(extra).length > 0) {
      f.extra = extra;
    }
    if (this.classPicker) {
      f.userClasses = this.classBoxes()
        .filter((cb) => cb.checked)
        .map((cb) => cb.value);
    }
    return f;
  }

  private async submit(): Promise<void> {
    const f = this.fields();
    if (this.classPicker && (f.userClasses ?? []).length === 0) {
      showError(this.error, 'Select at least one User class.');
      return;
    }
    this.button.disabled = true;
    try {
      const res = await this.api.swarm(f);
      if (res.success) {
        showError(this.error, '');
        this.onStarted(res, f);
      } else {
        showError(this.error, res.message || 'The server refused to start the test.');
      }
    } catch (err) {
      showError(this.error, (err as Error).message);
    } finally {
      this.button.disabled = false;
    }
  }
}

/**
 * The form field of one custom parameter, as Locust's start form shows it: a
 * checkbox for a flag, a select for choices, a masked input for a secret,
 * else a text input, prefilled with the option's current value.
 */
export function customField(name: string, opt: ExtraOption): HTMLElement {
  const testid = `custom-${name}`;
  const title = opt.help_text ?? '';
  const v = opt.default_value;
  if (typeof v === 'boolean') {
    return h(
      'label',
      { class: 'check', title },
      h('input', { type: 'checkbox', id: testid, name, checked: v, 'data-testid': testid }),
      ` ${name}`,
    );
  }
  const text = v === null ? '' : Array.isArray(v) ? v.join(',') : String(v);
  let field: HTMLInputElement | HTMLSelectElement;
  if (opt.choices && opt.choices.length > 0) {
    field = h(
      'select',
      { id: testid, name, required: opt.is_required, 'data-testid': testid },
      ...opt.choices.map((c) => h('option', { value: c, selected: c === text }, c)),
    );
  } else {
    field = h('input', {
      type: opt.is_secret ? 'password' : 'text',
      id: testid,
      name,
      value: text,
      required: opt.is_required,
      autocomplete: opt.is_secret ? 'off' : null,
      'data-testid': testid,
    });
  }
  return h('label', { for: testid, title }, name, title ? h('span', { class: 'hint' }, title) : null, field);
}

/** The edit form shown while a test runs. */
export class EditForm {
  private readonly form = byId<HTMLFormElement>('edit-form');
  private readonly users = input('edit-user-count-input');
  private readonly rate = input('edit-spawn-rate-input');
  private readonly error = byId('edit-error');
  private readonly button = byId<HTMLButtonElement>('edit-submit');

  constructor(
    private readonly api: Api,
    private readonly onUpdated: (res: SwarmResponse, fields: SwarmFields) => void,
  ) {
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.submit();
    });
    this.form.addEventListener('input', () => showError(this.error, ''));
  }

  /** Prefills the form with the values the running test was started (or last edited) with. */
  prefill(userCount: string, spawnRate: string): void {
    this.users.value = userCount;
    this.rate.value = spawnRate;
    showError(this.error, '');
  }

  private async submit(): Promise<void> {
    const f: SwarmFields = { userCount: this.users.value, spawnRate: this.rate.value };
    this.button.disabled = true;
    try {
      const res = await this.api.swarm(f);
      if (res.success) {
        this.onUpdated(res, f);
      } else {
        showError(this.error, res.message || 'The server refused the change.');
      }
    } catch (err) {
      showError(this.error, (err as Error).message);
    } finally {
      this.button.disabled = false;
    }
  }
}
