/**
 * WXSS → CSS for the browser preview (pure: no DOM, so jest can check it).
 *  - rpx → px at the frame's width (750rpx = the phone frame's width);
 *  - built-in tags (view, text, input…) → the elements j-component renders (wx-view, wx-text…);
 *  - `page` → the page's own container, and every rule scoped under it so pages don't leak.
 */
export interface WxssOptions {
  /** Selector of the page container, e.g. `[data-pv-page="pages/home/index"]`. */
  scope: string;
  /** Phone frame width in CSS px; 750rpx equals it. */
  frameWidth: number;
}

const BUILT_IN_TAGS = [
  'view', 'text', 'input', 'textarea', 'picker', 'button', 'image', 'scroll-view', 'swiper', 'swiper-item',
  'navigator', 'icon', 'label', 'checkbox', 'radio', 'switch', 'slider', 'form', 'rich-text', 'progress',
];
const TAG = new RegExp(`(^|[\\s>+~,(])(${BUILT_IN_TAGS.map((t) => t.replace('-', '\\-')).join('|')})(?=$|[\\s.#:\\[>+~,)])`, 'g');

export function rpxToPx(css: string, frameWidth: number): string {
  const ratio = frameWidth / 750;
  return css.replace(/(-?\d*\.?\d+)rpx\b/g, (_all, n: string) => `${Number((Number(n) * ratio).toFixed(3))}px`);
}

function convertSelector(selector: string, scope: string): string {
  const trimmed = selector.trim();
  if (!trimmed) return trimmed;
  // `page` is the page's root: the scope element itself.
  const pageRoot = /^page(?=$|[\s.#:[>+~])/;
  if (pageRoot.test(trimmed)) return trimmed.replace(pageRoot, scope).replace(TAG, (_a, pre: string, tag: string) => `${pre}wx-${tag}`);
  const tagged = trimmed.replace(TAG, (_a, pre: string, tag: string) => `${pre}wx-${tag}`);
  return `${scope} ${tagged}`;
}

/** Finds the `}` closing the block opened at `open` (an index of `{`). */
function blockEnd(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return css.length;
}

function convertRules(css: string, scope: string): string {
  let out = '';
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf('{', i);
    if (open < 0) break;
    const head = css.slice(i, open).trim();
    const end = blockEnd(css, open);
    const body = css.slice(open + 1, end);
    if (head.startsWith('@media') || head.startsWith('@supports')) {
      out += `${head}{${convertRules(body, scope)}}\n`;
    } else if (head.startsWith('@')) {
      out += `${head}{${body}}\n`;
    } else {
      const selectors = head.split(',').map((s) => convertSelector(s, scope)).filter(Boolean);
      if (selectors.length > 0) out += `${selectors.join(', ')}{${body}}\n`;
    }
    i = end + 1;
  }
  return out;
}

function stripComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Converts one WXSS text whose `@import`s are already inlined. */
export function convertWxss(wxss: string, options: WxssOptions): string {
  const css = stripComments(wxss).replace(/@import\s+(?:"[^"]*"|'[^']*')\s*;?/g, '');
  return convertRules(rpxToPx(css, options.frameWidth), options.scope);
}

/** The `@import "…"` paths of a WXSS text, as written. */
export function importsOf(wxss: string): string[] {
  return [...stripComments(wxss).matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/g)].map((m) => (m[1] ?? m[2] ?? '').trim()).filter(Boolean);
}

/** Resolves `rel` against the folder of `from` (both mini-program paths without a leading slash). */
export function resolvePath(from: string, rel: string): string {
  const parts = rel.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const part of rel.replace(/^\//, '').split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** WXML with the built-ins the preview implements itself (native inputs, pickers, images) renamed to its components. */
export function prepareWxml(wxml: string): string {
  return wxml.replace(/<(\/?)(input|textarea|picker|image)(?=[\s/>])/g, '<$1pv-$2');
}
