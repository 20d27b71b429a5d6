import { callCloud, KIND_LABELS, type AgenciesView, type InstitutionView } from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';

interface PhoneTap {
  currentTarget: { dataset: { phone?: string } };
}

/** `010-69156114,010-69155564` or `0431-8878xxxx转123` → the first number, as the phone dials it. */
function dialable(phone: string): string {
  const first = phone.split(/[,;、，；/]/)[0] ?? '';
  return (first.split('转')[0] ?? '').replace(/[^\d+-]/g, '');
}

/**
 * 机构详情: what the resident can settle there, in plain words (from the server's `canDo`), a call
 * and a map, and the insurance counters of its region with the hotline.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    institution: null as InstitutionView | null,
    kindLabel: '',
    isPharmacy: false,
    canDo: [] as string[],
    phone: '',
    agencies: null as AgenciesView | null,
    loading: false,
    errorMessage: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void this.load(query.code ?? '');
    },

    async load(code: string) {
      this.setData({ loading: true, errorMessage: '' });
      const result = await callCloud('institution', 'get', { code });
      if (!result.ok) {
        this.setData({ loading: false, errorMessage: result.error.message });
        return;
      }
      const { institution, canDo } = result.data;
      this.setData({
        loading: false,
        institution,
        canDo,
        kindLabel: KIND_LABELS[institution.kind],
        isPharmacy: institution.kind === 'pharmacy',
        phone: dialable(institution.phone),
      });
      const agencies = await callCloud('institution', 'agencies', { region: institution.region });
      if (agencies.ok) this.setData({ agencies: agencies.data });
    },

    call(event: PhoneTap) {
      const phoneNumber = event.currentTarget.dataset.phone;
      if (!phoneNumber) return;
      try {
        void wx.makePhoneCall({ phoneNumber }).catch(() => undefined);
      } catch {
        // No phone on this device (e.g. a tablet): the number stays on the page to dial by hand.
      }
    },

    openMap() {
      const i = this.data.institution;
      if (!i) return;
      try {
        void wx.openLocation({ latitude: i.latitude, longitude: i.longitude, name: i.name, address: i.address, scale: 16 }).catch(() => undefined);
      } catch {
        // The address is on the page anyway.
      }
    },
  },
});
