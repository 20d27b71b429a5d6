import { callCloud, describePolicy, describeUpcoming, PolicyActions, resolvePolicyAt, upcomingChanges, type PolicyLine } from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';

interface RegionChange {
  detail: { value: string[]; code: string[] };
}

/**
 * 备案政策: pick the insured region with WeChat's own region picker (it returns the GB/T 2260
 * codes, so the division table never ships here) and read its rules in plain Chinese. The rules
 * are resolved here from the versions the server sends, exactly as the server resolves them, and
 * approved changes still ahead are announced as 自2027年1月1日起，….
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    regionNames: [] as string[],
    regionName: '',
    lines: [] as PolicyLine[],
    upcoming: [] as string[],
    loading: false,
    errorMessage: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.region) void this.loadPolicy(query.region);
    },
    onRegionChange(event: RegionChange) {
      const codes = event.detail.code;
      this.setData({ regionNames: event.detail.value });
      const region = codes[codes.length - 1] ?? '';
      void this.loadPolicy(region);
    },
    async loadPolicy(region: string) {
      // The same schema the server applies: a bad code never leaves the phone.
      const input = PolicyActions.get.safeParse({ region });
      if (!input.success) {
        this.setData({ errorMessage: '请选择参保地所在的省和市', lines: [], upcoming: [] });
        return;
      }
      this.setData({ loading: true, errorMessage: '' });
      const result = await callCloud('policy', 'get', input.data);
      if (result.ok) {
        const { asOf, versions, regionName } = result.data;
        this.setData({
          loading: false,
          regionName,
          lines: describePolicy(resolvePolicyAt(region, asOf, versions).values),
          upcoming: upcomingChanges(region, asOf, versions).map(describeUpcoming),
        });
      } else {
        this.setData({ loading: false, lines: [], upcoming: [], errorMessage: result.error.message });
      }
    },
  },
});
