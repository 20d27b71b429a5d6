import declaration from '../wechat/privacy.json';
import { currentOpenid } from './cloud';
import { showModal } from './ui';

/**
 * WeChat's privacy authorization, as the preview plays it for each demo identity: until the
 * identity agrees, `wx.getPrivacySetting` answers needAuthorization, and a privacy API
 * (getLocation, chooseMedia…) waits for the page's `wx.onNeedPrivacyAuthorization` listener to
 * resolve — going on only if `<button open-type="agreePrivacyAuthorization">` was tapped, failing
 * with WeChat's errno 104 otherwise. `wx.openPrivacyContract` shows wechat/privacy.json.
 */
type Answer = { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string };
type Listener = (resolve: (answer: Answer) => void, eventInfo: { referrer: string }) => void;

const agreedKey = () => `pv-privacy-agreed:${currentOpenid()}`;
let listener: Listener | undefined;

export function privacyAgreed(): boolean {
  return localStorage.getItem(agreedKey()) === '1';
}

/** What the agree button records (preview/builtins.ts, open-type="agreePrivacyAuthorization"). */
export function agreeToPrivacy(): void {
  localStorage.setItem(agreedKey(), '1');
}

function refused(referrer: string): { errMsg: string; errno: number } {
  return { errMsg: `${referrer}:fail privacy permission is not authorized`, errno: 104 };
}

/** Resolves when the API may run; rejects as WeChat does when the resident says no. */
export async function authorizePrivacy(referrer: string): Promise<void> {
  if (privacyAgreed()) return;
  if (!listener) {
    // No listener on the page: WeChat shows its own prompt.
    const ok = await showModal({ title: '隐私保护提示', content: `使用前请阅读并同意${declaration.privacy_contract_name}`, confirmText: '同意', cancelText: '拒绝' });
    if (!ok) throw refused(referrer);
    agreeToPrivacy();
    return;
  }
  const pending = listener;
  await new Promise<void>((resolve, reject) => {
    pending((answer) => {
      if (answer.event === 'exposureAuthorization') return;
      if (answer.event === 'agree' && privacyAgreed()) resolve();
      else reject(refused(referrer));
    }, { referrer });
  });
}

export function privacyApis(log: (message: string) => void): Record<string, unknown> {
  return {
    getPrivacySetting(options: { success?: (res: unknown) => void; complete?: (res: unknown) => void } = {}) {
      const res = { needAuthorization: !privacyAgreed(), privacyContractName: declaration.privacy_contract_name, errMsg: 'getPrivacySetting:ok' };
      options.success?.(res);
      options.complete?.(res);
    },
    onNeedPrivacyAuthorization(l: Listener) {
      // WeChat keeps only the last listener registered: the page on screen.
      listener = l;
    },
    requirePrivacyAuthorize(options: { success?: (res: unknown) => void; fail?: (err: unknown) => void } = {}) {
      authorizePrivacy('requirePrivacyAuthorize').then(
        () => options.success?.({ errMsg: 'requirePrivacyAuthorize:ok' }),
        (err: unknown) => options.fail?.(err),
      );
    },
    openPrivacyContract(options: { success?: (res: unknown) => void } = {}) {
      log(`打开了${declaration.privacy_contract_name}`);
      const lines = declaration.setting_list.map((e) => `为了${e.privacy_text}，开发者将收集你的${e.privacy_desc}。`);
      void showModal({ title: declaration.privacy_contract_name, content: lines.join('\n'), showCancel: false, confirmText: '知道了' });
      options.success?.({ errMsg: 'openPrivacyContract:ok' });
    },
  };
}
