import { callCloud, type LateFilingAdvice } from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';

interface ChoiceTap {
  currentTarget: { dataset: { value?: string } };
}

/** 补办: already treated without filing? One question decides which way the money comes back. */
Component({
  behaviors: [largeTextBehavior],
  data: {
    settled: '',
    advice: null as LateFilingAdvice | null,
    loading: false,
    errorMessage: '',
  },
  methods: {
    async choose(event: ChoiceTap) {
      const value = event.currentTarget.dataset.value;
      if ((value !== 'yes' && value !== 'no') || this.data.loading) return;
      this.setData({ settled: value, loading: true, errorMessage: '' });
      const result = await callCloud('filing', 'lateFilingAdvice', { settled: value === 'yes' });
      if (result.ok) this.setData({ loading: false, advice: result.data });
      else this.setData({ loading: false, advice: null, errorMessage: result.error.message });
    },
    openForm() {
      void wx.navigateTo({ url: '/pages/filing-form/index' });
    },
  },
});
