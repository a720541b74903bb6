// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { customField } from '../src/forms';
import type { ExtraOption } from '../src/types';

function opt(o: Partial<ExtraOption>): ExtraOption {
  return { default_value: null, is_secret: false, is_required: false, help_text: null, is_multiple: false, choices: null, ...o };
}

describe('customField', () => {
  it('makes a checkbox for a flag', () => {
    const el = customField('verbose', opt({ default_value: true, help_text: 'more logs' }));
    const input = el.querySelector('input')!;
    expect(input.type).toBe('checkbox');
    expect(input.checked).toBe(true);
    expect(input.name).toBe('verbose');
    expect(el.title).toBe('more logs');
  });
  it('makes a select for choices, with the current value selected', () => {
    const el = customField('mode', opt({ default_value: 'b', choices: ['a', 'b'] }));
    const select = el.querySelector('select')!;
    expect([...select.options].map((o) => o.value)).toEqual(['a', 'b']);
    expect(select.value).toBe('b');
  });
  it('masks a secret and marks a required field', () => {
    const input = customField('api_key', opt({ is_secret: true, is_required: true })).querySelector('input')!;
    expect(input.type).toBe('password');
    expect(input.required).toBe(true);
    expect(input.value).toBe('');
  });
  it('prefills numbers and lists as text', () => {
    expect(customField('n', opt({ default_value: 42 })).querySelector('input')!.value).toBe('42');
    expect(customField('hosts', opt({ default_value: ['a', 'b'] })).querySelector('input')!.value).toBe('a,b');
  });
});
