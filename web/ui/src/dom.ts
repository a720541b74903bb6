// Small DOM helpers. The page is plain DOM (no framework): views keep
// references to the nodes they own and write only what changed.

type Child = Node | string | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined;

/** Creates an element with attributes (false/null/undefined are skipped, true sets "") and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) {
      continue;
    }
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c !== null && c !== undefined && c !== false) {
      el.append(c);
    }
  }
  return el;
}

/** Returns the element with the given id, failing loudly if the page skeleton lacks it. */
export function byId<T extends HTMLElement = HTMLElement>(id: string, root: Document = document): T {
  const el = root.getElementById(id);
  if (el === null) {
    throw new Error(`page element #${id} is missing`);
  }
  return el as T;
}

/** Sets an element's text only when it differs, to avoid needless layout work. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) {
    el.textContent = text;
  }
}

/** Shows or hides an element through the hidden attribute. */
export function show(el: HTMLElement, visible: boolean): void {
  if (el.hidden === visible) {
    el.hidden = !visible;
  }
}
