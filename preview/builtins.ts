import jComponent from 'j-component';
import { REGIONS } from './regions';
import { h, showSheet, showToast } from './ui';
import { pickChinaDate } from './dialogs';
import { chinaTodayIso } from './calendar';
import { agreeToPrivacy } from './privacy';

/**
 * WeChat built-ins j-component leaves as empty elements, done with native HTML controls:
 * <input>/<textarea> (renamed pv-input/pv-textarea by prepareWxml) hold a real text box and fire
 * `input`/`focus`/`blur`/`confirm` like WeChat; <picker> opens a sheet (date, time, region,
 * selector) and fires `change` with WeChat's detail ({ value, code } for regions).
 */
interface Caller {
  data: Record<string, unknown>;
  _exparserNode: { $$: HTMLElement };
  triggerEvent(name: string, detail: unknown): void;
}

type TextBox = HTMLInputElement | HTMLTextAreaElement;
const BOX = Symbol('pv-native');

function textBoxOf(caller: Caller, tag: 'input' | 'textarea'): TextBox {
  const host = caller._exparserNode.$$ as HTMLElement & { [BOX]?: TextBox };
  const existing = host[BOX];
  if (existing) return existing;
  const box = document.createElement(tag);
  box.className = 'pv-native-input';
  box.addEventListener('input', () => caller.triggerEvent('input', { value: box.value, cursor: box.selectionStart ?? box.value.length, keyCode: 0 }));
  box.addEventListener('focus', () => caller.triggerEvent('focus', { value: box.value, height: 0 }));
  box.addEventListener('blur', () => caller.triggerEvent('blur', { value: box.value }));
  box.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Enter' && tag === 'input') caller.triggerEvent('confirm', { value: box.value });
  });
  host.append(box);
  host[BOX] = box;
  return box;
}

function syncTextBox(caller: Caller, tag: 'input' | 'textarea'): void {
  const box = textBoxOf(caller, tag);
  const d = caller.data;
  const value = d.value === undefined || d.value === null ? '' : String(d.value);
  if (box.value !== value) box.value = value;
  box.placeholder = String(d.placeholder ?? '');
  box.disabled = d.disabled === true;
  const max = Number(d.maxlength);
  if (Number.isFinite(max) && max > 0) box.maxLength = max;
  else box.removeAttribute('maxlength');
  if (box instanceof HTMLInputElement) {
    const type = String(d.type ?? 'text');
    box.type = d.password === true ? 'password' : 'text';
    box.inputMode = type === 'number' ? 'numeric' : type === 'digit' ? 'decimal' : 'text';
  }
}

function textBoxComponent(id: string, tag: 'input' | 'textarea'): void {
  jComponent.register({
    id,
    tagName: `wx-${tag}`,
    template: '<view class="pv-box-anchor"></view>',
    properties: {
      value: { type: null, value: '' },
      placeholder: { type: String, value: '' },
      type: { type: String, value: 'text' },
      password: { type: Boolean, value: false },
      maxlength: { type: Number, value: 140 },
      disabled: { type: Boolean, value: false },
      focus: { type: Boolean, value: false },
    },
    observers: {
      'value, placeholder, type, password, maxlength, disabled'(this: Caller) {
        syncTextBox(this, tag);
      },
    },
    lifetimes: {
      attached(this: Caller) {
        syncTextBox(this, tag);
      },
    },
  });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

async function pickDate(caller: Caller, kind: 'date' | 'month' | 'time'): Promise<void> {
  const d = caller.data;
  if (kind === 'date') {
    // WeChat's own three columns, in China's calendar whatever zone the browser is in.
    const chosen = await pickChinaDate(d.value, d.start, d.end);
    if (chosen === undefined) return caller.triggerEvent('cancel', {});
    return caller.triggerEvent('change', { value: chosen });
  }
  const input = h('input', { type: kind, class: 'pv-date', 'aria-label': '选择' });
  // China time, whatever the browser's zone.
  const china = new Date(Date.now() + 8 * 3600_000);
  const fallback = kind === 'time' ? `${pad(china.getUTCHours())}:${pad(china.getUTCMinutes())}` : chinaTodayIso().slice(0, 7);
  input.value = typeof d.value === 'string' && d.value ? d.value : fallback;
  if (typeof d.start === 'string' && d.start) input.min = d.start;
  if (typeof d.end === 'string' && d.end) input.max = d.end;
  if (!(await showSheet([input]))) return caller.triggerEvent('cancel', {});
  if (input.value) caller.triggerEvent('change', { value: input.value });
}

async function pickRegion(caller: Caller): Promise<void> {
  const names = Array.isArray(caller.data.value) ? (caller.data.value as string[]) : [];
  const province = h('select', { class: 'pv-province', 'aria-label': '省' });
  const city = h('select', { class: 'pv-city', 'aria-label': '市' });
  for (const p of REGIONS) province.append(h('option', { value: p.code, text: p.name }));
  const chosenProvince = REGIONS.find((p) => p.name === names[0]) ?? REGIONS[0]!;
  province.value = chosenProvince.code;
  const fillCities = (cityName?: string) => {
    const p = REGIONS.find((r) => r.code === province.value) ?? REGIONS[0]!;
    city.replaceChildren(...p.cities.map((c) => h('option', { value: c.code, text: c.name })));
    const match = p.cities.find((c) => c.name === cityName);
    if (match) city.value = match.code;
  };
  fillCities(names[1]);
  province.addEventListener('change', () => fillCities());
  const level = String(caller.data.level ?? 'region');
  const controls = level === 'province' ? [province] : [province, city];
  if (!(await showSheet(controls))) return caller.triggerEvent('cancel', {});
  const p = REGIONS.find((r) => r.code === province.value) ?? REGIONS[0]!;
  if (level === 'province') return caller.triggerEvent('change', { value: [p.name], code: [p.code], postcode: '' });
  const c = p.cities.find((x) => x.code === city.value) ?? p.cities[0]!;
  // Districts are not in the preview's data: level "region" answers at city level.
  caller.triggerEvent('change', { value: [p.name, c.name], code: [p.code, c.code], postcode: '' });
}

async function pickOption(caller: Caller): Promise<void> {
  const range = Array.isArray(caller.data.range) ? (caller.data.range as unknown[]) : [];
  const key = String(caller.data.rangeKey ?? '');
  const select = h('select', { class: 'pv-options', 'aria-label': '选择' });
  range.forEach((item, index) => {
    const label = key && item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : item;
    select.append(h('option', { value: String(index), text: String(label) }));
  });
  select.value = String(Number(caller.data.value) || 0);
  if (!(await showSheet([select]))) return caller.triggerEvent('cancel', {});
  caller.triggerEvent('change', { value: Number(select.value) });
}

function openPicker(caller: Caller): void {
  if (caller.data.disabled === true) return;
  const mode = String(caller.data.mode ?? 'selector');
  const fields = String(caller.data.fields ?? 'day');
  if (mode === 'date') void pickDate(caller, fields === 'month' ? 'month' : 'date');
  else if (mode === 'time') void pickDate(caller, 'time');
  else if (mode === 'region') void pickRegion(caller);
  else if (mode === 'selector') void pickOption(caller);
  else showToast(`预览不支持 picker mode="${mode}"`, 2000);
}

const OPENER = Symbol('pv-picker');

function pickerComponent(): void {
  jComponent.register({
    id: 'pv-picker',
    tagName: 'wx-picker',
    template: '<view class="pv-picker-slot"><slot></slot></view>',
    properties: {
      mode: { type: String, value: 'selector' },
      value: { type: null, value: null },
      range: { type: Array, value: [] },
      rangeKey: { type: String, value: '' },
      start: { type: String, value: '' },
      end: { type: String, value: '' },
      fields: { type: String, value: 'day' },
      level: { type: String, value: 'region' },
      disabled: { type: Boolean, value: false },
    },
    lifetimes: {
      attached(this: Caller) {
        const host = this._exparserNode.$$ as HTMLElement & { [OPENER]?: boolean };
        if (host[OPENER]) return;
        host[OPENER] = true;
        host.addEventListener('click', () => openPicker(this));
      },
    },
  });
}

/** `<image>` shows its picture (j-component leaves it empty): materials' thumbnails among others. */
function imageComponent(): void {
  jComponent.register({
    id: 'pv-image',
    tagName: 'wx-image',
    template: '<view class="pv-image-anchor"></view>',
    properties: {
      src: { type: String, value: '' },
      mode: { type: String, value: 'scaleToFill' },
    },
    observers: {
      'src, mode'(this: Caller) {
        const host = this._exparserNode.$$ as HTMLElement;
        let img = host.querySelector(':scope > img');
        if (!img) {
          img = document.createElement('img');
          host.append(img);
        }
        const src = String(this.data.src ?? '');
        if (src) img.setAttribute('src', src);
        else img.removeAttribute('src');
        img.setAttribute('alt', '');
        (img as HTMLImageElement).style.objectFit = this.data.mode === 'aspectFill' ? 'cover' : this.data.mode === 'aspectFit' ? 'contain' : 'fill';
      },
    },
  });
}

const PRESSED = Symbol('pv-button');

/**
 * <button>: its children as they are, plus the open types the pages use. agreePrivacyAuthorization
 * records the identity's consent (what WeChat does) and fires `agreeprivacyauthorization`.
 */
function buttonComponent(): void {
  jComponent.register({
    id: 'button',
    tagName: 'wx-button',
    template: '<slot/>',
    properties: {
      openType: { type: String, value: '' },
      disabled: { type: Boolean, value: false },
    },
    lifetimes: {
      attached(this: Caller) {
        const host = this._exparserNode.$$ as HTMLElement & { [PRESSED]?: boolean };
        if (host[PRESSED]) return;
        host[PRESSED] = true;
        host.addEventListener('click', () => {
          if (this.data.disabled === true) return;
          if (this.data.openType === 'agreePrivacyAuthorization') {
            agreeToPrivacy();
            this.triggerEvent('agreeprivacyauthorization', {});
          }
        });
      },
    },
  });
}

/** The rest of WeChat's built-ins render their children as they are (as miniprogram-simulate does). */
const PLAIN_BUILT_INS = [
  'cover-image', 'cover-view', 'grid-view', 'list-view', 'movable-area', 'movable-view', 'page-container', 'root-portal', 'scroll-view',
  'swiper', 'swiper-item', 'view', 'icon', 'progress', 'rich-text', 'text', 'checkbox', 'checkbox-group', 'form', 'input',
  'label', 'picker', 'picker-view', 'picker-view-column', 'radio', 'radio-group', 'slider', 'switch', 'textarea', 'navigator',
  'audio', 'camera', 'video', 'map', 'canvas', 'web-view', 'ad', 'official-account', 'open-data', 'navigation-bar', 'page-meta',
];

export function registerBuiltins(): void {
  for (const name of PLAIN_BUILT_INS) jComponent.register({ id: name, tagName: `wx-${name}`, template: '<slot/>' });
  textBoxComponent('pv-input', 'input');
  textBoxComponent('pv-textarea', 'textarea');
  pickerComponent();
  imageComponent();
  buttonComponent();
}
