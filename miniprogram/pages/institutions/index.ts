import {
  callCloud,
  CAPABILITIES,
  CAPABILITY_LABELS,
  getPosition,
  KIND_LABELS,
  type Capability,
  type InstitutionKind,
  type InstitutionPage,
  type InstitutionView,
  type Result,
} from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';

interface PageEvent {
  currentTarget: { dataset: { value?: string; code?: string } };
  detail: { value?: string | string[]; code?: string[] };
}

/** One row of the results, worded for the list. */
interface ResultRow {
  code: string;
  name: string;
  level: string;
  kindLabel: string;
  address: string;
  distanceText: string;
  canSettle: string;
}

const PAGE_SIZE = 20;
const NEARBY_KM = 10;

const KINDS = [
  { value: '', label: '全部' },
  { value: 'hospital', label: '医院' },
  { value: 'pharmacy', label: '药店' },
  { value: 'clinic', label: '诊所/社区' },
];

function rowOf(item: InstitutionView): ResultRow {
  const distanceText = item.distanceKm === undefined ? '' : `距您约${item.distanceKm < 1 ? `${Math.round(item.distanceKm * 1000)}米` : `${item.distanceKm.toFixed(1)}公里`}`;
  const canSettle = item.kind === 'pharmacy'
    ? '买药只能用医保个人账户'
    : item.capabilities.length ? `可直接结算：${item.capabilities.map((c) => CAPABILITY_LABELS[c]).join('、')}` : '';
  return {
    code: item.code,
    name: item.name,
    level: item.kind === 'pharmacy' ? '' : item.level,
    kindLabel: KIND_LABELS[item.kind],
    address: `${item.regionName}${item.address.startsWith(item.regionName) ? item.address.slice(item.regionName.length) : ` ${item.address}`}`,
    distanceText,
    canSettle,
  };
}

function decoded(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * 选定点: networked hospitals and pharmacies of the treatment city, by keyword (汉字, full pinyin
 * or initials such as bjxh), kind and what can be settled there; or near the resident.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    regionNames: [] as string[],
    regionLabel: '',
    region: '',
    keyword: '',
    kind: '',
    kinds: KINDS,
    capabilityChoices: CAPABILITIES.map((value) => ({ value, label: CAPABILITY_LABELS[value] })),
    chosen: {} as Record<string, boolean>,
    nearby: false,
    position: null as { latitude: number; longitude: number } | null,
    locating: false,
    items: [] as ResultRow[],
    total: 0,
    nextCursor: '',
    loading: false,
    searched: false,
    notice: '',
    errorMessage: '',
  },
  methods: {
    /** From an approved filing: `?region=440300&name=广东省深圳市` searches its treatment city at once. */
    onLoad(query: Record<string, string | undefined>) {
      const region = query.region ?? '';
      if (!/^\d{6}$/.test(region)) return;
      this.setData({ region, regionLabel: decoded(query.name) || region });
      void this.search(false);
    },

    onRegionChange(event: PageEvent) {
      const codes = event.detail.code ?? [];
      const names = Array.isArray(event.detail.value) ? event.detail.value : [];
      this.setData({ region: codes[codes.length - 1] ?? '', regionNames: names, regionLabel: names.join(''), nearby: false, notice: '' });
      void this.search(false);
    },

    onKeyword(event: PageEvent) {
      this.setData({ keyword: typeof event.detail.value === 'string' ? event.detail.value : '' });
    },

    chooseKind(event: PageEvent) {
      const kind = event.currentTarget.dataset.value ?? '';
      // Pharmacies settle from the personal account only: no capability applies there.
      this.setData(kind === 'pharmacy' ? { kind, chosen: {} } : { kind });
      if (this.data.searched) void this.search(false);
    },

    toggleCapability(event: PageEvent) {
      const value = event.currentTarget.dataset.value;
      if (!value) return;
      this.setData({ [`chosen.${value}`]: !this.data.chosen[value] });
      if (this.data.kind === 'pharmacy') this.setData({ kind: '' });
      if (this.data.searched) void this.search(false);
    },

    submitSearch() {
      void this.search(false);
    },

    loadMore() {
      if (this.data.nextCursor) void this.search(true);
    },

    onReachBottom() {
      if (this.data.nextCursor && !this.data.loading) void this.search(true);
    },

    /** 附近: WeChat asks the resident; a refusal is explained and the city search stays. */
    async findNearby() {
      if (this.data.locating) return;
      this.setData({ locating: true, notice: '', errorMessage: '' });
      const position = await getPosition();
      if (!position.ok) {
        this.setData({ locating: false, nearby: false, notice: position.message });
        return;
      }
      this.setData({ locating: false, nearby: true, position: { latitude: position.latitude, longitude: position.longitude } });
      await this.search(false);
    },

    async search(more: boolean) {
      if (this.data.loading) return;
      const keyword = this.data.keyword.trim();
      if (!this.data.nearby && !this.data.region && !keyword) {
        this.setData({ errorMessage: '请先选择就医的省、市，或输入医院、药店的名字', items: [], total: 0, nextCursor: '' });
        return;
      }
      const capabilities = CAPABILITIES.filter((c) => this.data.chosen[c]) as Capability[];
      const filters = {
        ...(keyword ? { keyword } : {}),
        ...(this.data.kind ? { kind: this.data.kind as InstitutionKind } : {}),
        ...(capabilities.length ? { capabilities } : {}),
        ...(more && this.data.nextCursor ? { cursor: this.data.nextCursor } : {}),
        pageSize: PAGE_SIZE,
      };
      const position = this.data.position;
      this.setData({ loading: true, errorMessage: '' });
      let result: Result<InstitutionPage>;
      if (this.data.nearby && position) {
        result = await callCloud('institution', 'nearby', { ...position, radiusKm: NEARBY_KM, ...filters });
      } else {
        result = await callCloud('institution', 'search', {
          ...(this.data.region ? { region: this.data.region } : {}),
          ...(position ? { position } : {}),
          ...filters,
        });
      }
      if (!result.ok) {
        this.setData({ loading: false, errorMessage: result.error.message });
        return;
      }
      const rows = result.data.items.map(rowOf);
      this.setData({
        loading: false,
        searched: true,
        items: more ? [...this.data.items, ...rows] : rows,
        total: result.data.total,
        nextCursor: result.data.nextCursor ?? '',
      });
    },

    openInstitution(event: PageEvent) {
      const code = event.currentTarget.dataset.code;
      if (code) void wx.navigateTo({ url: `/pages/institution-detail/index?code=${code}` });
    },
  },
});
