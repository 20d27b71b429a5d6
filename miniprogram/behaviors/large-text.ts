/**
 * 大字模式: many residents are elderly. The choice is kept in storage and applied on every page
 * through this behavior, as a class on the page root.
 */
const STORAGE_KEY = 'largeText';

export const largeTextBehavior = Behavior({
  data: { largeText: false },
  lifetimes: {
    attached() {
      this.setData({ largeText: wx.getStorageSync(STORAGE_KEY) === true });
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
