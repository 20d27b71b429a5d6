/**
 * 长辈版 (大字模式): many residents are elderly. The choice is kept in storage and applied on every
 * page through this behavior, as a class on the page root (every size there is relative to it, so
 * all text grows 1.5×, tags, chips and hints included). Read again whenever a page shows, so a page
 * further down the stack follows a choice made on another.
 */
const STORAGE_KEY = 'largeText';

function stored(): boolean {
  return wx.getStorageSync(STORAGE_KEY) === true;
}

export const largeTextBehavior = Behavior({
  data: { largeText: false },
  lifetimes: {
    attached() {
      this.setData({ largeText: stored() });
    },
  },
  pageLifetimes: {
    show() {
      const largeText = stored();
      if (largeText !== this.data.largeText) this.setData({ largeText });
    },
  },
  methods: {
    toggleLargeText() {
      const largeText = !this.data.largeText;
      wx.setStorageSync(STORAGE_KEY, largeText);
      this.setData({ largeText });
    },
  },
});
