/** The phone's overlays (toast, modal, picker sheet, image preview), drawn in #pv-layer. */
function layer(): HTMLElement {
  const el = document.getElementById('pv-layer');
  if (!el) throw new Error('#pv-layer missing');
  return el;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value);
  }
  for (const child of children) el.append(child);
  return el;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
let toastEl: HTMLElement | undefined;

export function showToast(title: string, duration: number): void {
  hideToast();
  toastEl = h('div', { class: 'pv-toast', role: 'status', text: title });
  layer().append(toastEl);
  toastTimer = setTimeout(hideToast, duration);
}

export function hideToast(): void {
  if (toastTimer) clearTimeout(toastTimer);
  toastEl?.remove();
  toastEl = undefined;
}

export interface ModalOptions {
  title?: string;
  content?: string;
  showCancel?: boolean;
  cancelText?: string;
  confirmText?: string;
}

export function showModal(options: ModalOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const close = (confirm: boolean) => {
      mask.remove();
      resolve(confirm);
    };
    const buttons = h('div', { class: 'pv-buttons' });
    if (options.showCancel !== false) {
      const cancel = h('button', { type: 'button', class: 'pv-cancel', text: options.cancelText ?? '取消' });
      cancel.addEventListener('click', () => close(false));
      buttons.append(cancel);
    }
    const ok = h('button', { type: 'button', class: 'primary pv-confirm', text: options.confirmText ?? '确定' });
    ok.addEventListener('click', () => close(true));
    buttons.append(ok);
    const mask = h('div', { class: 'pv-mask', role: 'dialog' }, [
      h('div', { class: 'pv-modal' }, [
        ...(options.title ? [h('h3', { text: options.title })] : []),
        ...(options.content ? [h('p', { text: options.content })] : []),
        buttons,
      ]),
    ]);
    layer().append(mask);
  });
}

/** A bottom sheet with the given controls and 取消/确定; resolves true on 确定. */
export function showSheet(controls: HTMLElement[]): Promise<boolean> {
  return new Promise((resolve) => {
    const close = (confirm: boolean) => {
      mask.remove();
      resolve(confirm);
    };
    const cancel = h('button', { type: 'button', class: 'pv-cancel', text: '取消' });
    const ok = h('button', { type: 'button', class: 'primary pv-confirm', text: '确定' });
    cancel.addEventListener('click', () => close(false));
    ok.addEventListener('click', () => close(true));
    const mask = h('div', { class: 'pv-mask sheet', role: 'dialog' }, [
      h('div', { class: 'pv-sheet' }, [...controls, h('div', { class: 'pv-buttons' }, [cancel, ok])]),
    ]);
    mask.addEventListener('click', (event) => {
      if (event.target === mask) close(false);
    });
    layer().append(mask);
  });
}

export function showImage(url: string): Promise<void> {
  return new Promise((resolve) => {
    const view = h('div', { class: 'pv-image', role: 'dialog', title: '点击关闭' }, [h('img', { src: url, alt: '材料' })]);
    view.addEventListener('click', () => {
      view.remove();
      resolve();
    });
    layer().append(view);
  });
}

export function clearLayer(): void {
  hideToast();
  layer().replaceChildren();
}
