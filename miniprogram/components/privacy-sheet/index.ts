/**
 * 隐私保护提示: WeChat's privacy authorization flow as one sheet. A page puts `<privacy-sheet />`
 * in its WXML; while the page is shown the sheet listens to `wx.onNeedPrivacyAuthorization`, so a
 * privacy API the page calls (位置, 相册/拍照, 人脸核验) waits until the resident answers here. With
 * `check-on-show` (the home page) it opens by itself the first time, from `wx.getPrivacySetting`.
 * 同意 is WeChat's own `<button open-type="agreePrivacyAuthorization">`: only that button records
 * consent; the guide opens with `wx.openPrivacyContract`.
 */
type Resolve = (answer: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;
type NeedAuthorization = (listener: (resolve: Resolve, eventInfo?: { referrer?: string }) => void) => void;

const AGREE_BUTTON = 'privacy-agree';

/** The answer WeChat is waiting for, one per page instance (WeChat calls only the last listener registered). */
const pending = new WeakMap<object, Resolve>();

Component({
  properties: {
    checkOnShow: { type: Boolean, value: false },
    /** 长辈版: the page's large-text choice, so the sheet's text grows with the page's. */
    large: { type: Boolean, value: false },
  },
  data: {
    open: false,
    contractName: '《用户隐私保护指引》',
  },
  lifetimes: {
    attached() {
      this.listen();
      this.check();
    },
  },
  pageLifetimes: {
    show() {
      this.listen();
    },
  },
  methods: {
    listen() {
      const onNeed = (wx as unknown as { onNeedPrivacyAuthorization?: NeedAuthorization }).onNeedPrivacyAuthorization;
      if (typeof onNeed !== 'function') return;
      onNeed((resolve) => {
        pending.set(this, resolve);
        resolve({ event: 'exposureAuthorization' });
        this.setData({ open: true });
      });
    },
    /** The guide's name for the sheet; with check-on-show, the sheet itself the first time. */
    check() {
      if (typeof wx.getPrivacySetting !== 'function') return;
      wx.getPrivacySetting({
        success: (res) => {
          const contractName = res.privacyContractName || this.data.contractName;
          this.setData(res.needAuthorization && this.data.checkOnShow ? { open: true, contractName } : { contractName });
        },
      });
    },
    openContract() {
      if (typeof wx.openPrivacyContract === 'function') wx.openPrivacyContract({});
    },
    /** bindagreeprivacyauthorization: WeChat has recorded the consent; let the waiting API go on. */
    onAgree() {
      pending.get(this)?.({ buttonId: AGREE_BUTTON, event: 'agree' });
      pending.delete(this);
      this.setData({ open: false });
    },
    onDisagree() {
      pending.get(this)?.({ event: 'disagree' });
      pending.delete(this);
      this.setData({ open: false });
    },
  },
});
