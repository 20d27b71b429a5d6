import { clampDay, initialDate, partsOf, yearRange, daysInMonth } from './calendar';
import { subscribeAnswer } from './subscribe-answer';
import { h } from './ui';

/**
 * WeChat's own dialogs as the phone shows them, drawn in #pv-layer: the subscribe sheet, the
 * location permission (with a point to pick), the call and map confirmations, and the date
 * picker's three columns. Each resolves with what the resident chose.
 */
function layer(): HTMLElement {
  const el = document.getElementById('pv-layer');
  if (!el) throw new Error('#pv-layer missing');
  return el;
}

/** A bottom sheet with a title, the given body and two full-width buttons. */
function sheet(options: { id: string; title: string; body: (Node | string)[]; cancel: string; confirm: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const close = (confirm: boolean) => {
      mask.remove();
      resolve(confirm);
    };
    const cancel = h('button', { type: 'button', class: 'pv-cancel', text: options.cancel });
    const ok = h('button', { type: 'button', class: 'primary pv-confirm', text: options.confirm });
    cancel.addEventListener('click', () => close(false));
    ok.addEventListener('click', () => close(true));
    const mask = h('div', { class: 'pv-mask sheet', role: 'dialog', id: options.id, 'aria-label': options.title }, [
      h('div', { class: 'pv-sheet pv-wechat-sheet' }, [h('h3', { class: 'pv-sheet-title', text: options.title }), ...options.body, h('div', { class: 'pv-buttons' }, [cancel, ok])]),
    ]);
    layer().append(mask);
  });
}

export interface TemplateTitle {
  templateId: string;
  title: string;
}

/**
 * 订阅消息: WeChat lists each template with a check box, offers 总是保持以上选择, and answers
 * accept for the checked ones on 允许, reject for all on 取消.
 */
export async function askSubscribe(appName: string, tmplIds: readonly string[], titles: readonly TemplateTitle[]): Promise<Record<string, string>> {
  const checked = new Set(tmplIds);
  const rows = tmplIds.map((id) => {
    const box = h('input', { type: 'checkbox', class: 'pv-subscribe-check', 'data-template': id });
    box.checked = true;
    box.addEventListener('change', () => (box.checked ? checked.add(id) : checked.delete(id)));
    return h('label', { class: 'pv-subscribe-item' }, [box, titles.find((t) => t.templateId === id)?.title ?? id]);
  });
  const keep = h('label', { class: 'pv-subscribe-keep' }, [h('input', { type: 'checkbox' }), '总是保持以上选择，不再询问']);
  const allowed = await sheet({
    id: 'pv-subscribe',
    title: `${appName} 申请`,
    body: [h('p', { class: 'pv-muted', text: '发送一次以下消息' }), ...rows, keep],
    cancel: '取消',
    confirm: '允许',
  });
  return subscribeAnswer(tmplIds, allowed, checked);
}

/** Points a tester can stand at; a typed latitude and longitude also work. */
const PLACES: readonly { name: string; latitude: number; longitude: number }[] = [
  { name: '苏州市姑苏区', latitude: 31.3037, longitude: 120.6341 },
  { name: '深圳市福田区', latitude: 22.541, longitude: 114.0579 },
  { name: '广州市越秀区', latitude: 23.1292, longitude: 113.2668 },
  { name: '北京市东城区', latitude: 39.9288, longitude: 116.4164 },
  { name: '长春市朝阳区', latitude: 43.8676, longitude: 125.2871 },
];

/** `wx.getLocation`: WeChat asks with the reason from app.json; here the tester also picks where the phone is. */
export async function askLocation(appName: string, reason: string): Promise<{ latitude: number; longitude: number } | undefined> {
  const place = h('select', { class: 'pv-location-place', 'aria-label': '位置' });
  for (const [i, p] of PLACES.entries()) place.append(h('option', { value: String(i), text: p.name }));
  place.append(h('option', { value: 'custom', text: '自己填写经纬度' }));
  const latitude = h('input', { class: 'pv-location-lat', inputmode: 'decimal', placeholder: '纬度，如 31.30', 'aria-label': '纬度' });
  const longitude = h('input', { class: 'pv-location-lng', inputmode: 'decimal', placeholder: '经度，如 120.63', 'aria-label': '经度' });
  const allowed = await sheet({
    id: 'pv-location',
    title: `${appName} 申请获取你的位置信息`,
    body: [h('p', { class: 'pv-muted', text: reason }), h('p', { class: 'pv-muted', text: '预览中请选择手机所在的位置：' }), place, latitude, longitude],
    cancel: '拒绝',
    confirm: '允许',
  });
  if (!allowed) return undefined;
  const typed = { latitude: Number(latitude.value), longitude: Number(longitude.value) };
  if (place.value === 'custom' || (latitude.value && longitude.value)) {
    if (Number.isFinite(typed.latitude) && Number.isFinite(typed.longitude) && Math.abs(typed.latitude) <= 90 && Math.abs(typed.longitude) <= 180) return typed;
  }
  const chosen = PLACES[Number(place.value)] ?? PLACES[0]!;
  return { latitude: chosen.latitude, longitude: chosen.longitude };
}

/** `wx.makePhoneCall`: the number and 呼叫, as the phone's dialer asks before calling. */
export function confirmCall(phoneNumber: string): Promise<boolean> {
  return sheet({ id: 'pv-call', title: phoneNumber, body: [h('p', { class: 'pv-muted', text: '预览中不会真的拨出电话' })], cancel: '取消', confirm: '呼叫' });
}

/** `wx.openLocation`: WeChat opens its map; the preview names the place and its position. */
export async function showPlace(place: { name?: string; address?: string; latitude: number; longitude: number }): Promise<void> {
  await sheet({
    id: 'pv-map',
    title: place.name || '位置',
    body: [
      h('p', { text: place.address ?? '' }),
      h('p', { class: 'pv-muted', text: `纬度 ${place.latitude.toFixed(4)}，经度 ${place.longitude.toFixed(4)}（预览中不显示地图）` }),
    ],
    cancel: '关闭',
    confirm: '去这里',
  });
}

/**
 * `<picker mode="date">`: three columns 年 / 月 / 日 as WeChat draws them, starting from the page's
 * value or today in China, within start…end. Resolves the chosen YYYY-MM-DD, or undefined.
 */
export async function pickChinaDate(value: unknown, start: unknown, end: unknown): Promise<string | undefined> {
  const shown = initialDate(value, start, end);
  const parts = partsOf(shown);
  const year = h('select', { class: 'pv-date-year', 'aria-label': '年' });
  const month = h('select', { class: 'pv-date-month', 'aria-label': '月' });
  const day = h('select', { class: 'pv-date-day', 'aria-label': '日' });
  for (const y of yearRange(shown, start, end)) year.append(h('option', { value: String(y), text: `${y}年` }));
  for (let m = 1; m <= 12; m++) month.append(h('option', { value: String(m), text: `${m}月` }));
  const fillDays = () => {
    const chosen = day.value ? Number(day.value) : parts.day;
    const last = daysInMonth(Number(year.value), Number(month.value));
    day.replaceChildren(...Array.from({ length: last }, (_, i) => h('option', { value: String(i + 1), text: `${i + 1}日` })));
    day.value = String(Math.min(chosen, last));
  };
  year.value = String(parts.year);
  month.value = String(parts.month);
  fillDays();
  day.value = String(parts.day);
  year.addEventListener('change', fillDays);
  month.addEventListener('change', fillDays);
  const confirmed = await sheet({ id: 'pv-date', title: '选择日期', body: [h('div', { class: 'pv-columns' }, [year, month, day])], cancel: '取消', confirm: '确定' });
  if (!confirmed) return undefined;
  const chosen = clampDay({ year: Number(year.value), month: Number(month.value), day: Number(day.value) });
  if (typeof start === 'string' && start && chosen < start) return start;
  if (typeof end === 'string' && end && chosen > end) return end;
  return chosen;
}
