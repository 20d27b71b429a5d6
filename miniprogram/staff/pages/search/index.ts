import { callCloud, issuesToFieldErrors, queueRowOf, ReviewActions, type QueueRow, type StaffView } from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

/** What the one box is searched as. */
type SearchBy = 'filingNo' | 'idNumber' | 'name';

const KINDS: readonly { value: SearchBy; label: string; placeholder: string }[] = [
  { value: 'filingNo', label: '备案编号', placeholder: '如 20261202-042917' },
  { value: 'idNumber', label: '身份证号', placeholder: '18位身份证号（查询会被记录）' },
  { value: 'name', label: '姓名', placeholder: '申请人姓名，如 张秀英' },
];

interface SearchEvent {
  currentTarget: { dataset: { id?: string; value?: string } };
  detail: { value?: string };
}

/**
 * 搜索备案 (staff subpackage): one box, searched as 备案编号, 身份证号 or 姓名, among the filings
 * of the reviewer's own regions. A search by ID number is recorded, as the page says.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    staff: null as StaffView | null,
    kinds: KINDS,
    by: 'filingNo' as SearchBy,
    placeholder: KINDS[0]!.placeholder,
    query: '',
    /** The box's own problem (empty, not an ID number…), in Chinese, beside it. */
    queryError: '',
    items: [] as QueueRow[],
    searched: false,
    loading: false,
    errorMessage: '',
    errorCode: '',
  },
  methods: {
    async onLoad() {
      const me = await callCloud('review', 'whoami', {});
      if (!me.ok) {
        this.setData({ errorMessage: me.error.message, errorCode: me.error.code });
        return;
      }
      this.setData({ staff: me.data });
    },
    setBy(event: SearchEvent) {
      const kind = KINDS.find((k) => k.value === event.currentTarget.dataset.value);
      if (!kind || kind.value === this.data.by) return;
      this.setData({ by: kind.value, placeholder: kind.placeholder, queryError: '', items: [], searched: false });
    },
    onInput(event: SearchEvent) {
      this.setData({ query: event.detail.value ?? '', queryError: '' });
    },
    async search() {
      if (this.data.loading || !this.data.staff) return;
      const typed = this.data.query.trim();
      if (!typed) {
        this.setData({ queryError: `请填写${KINDS.find((k) => k.value === this.data.by)!.label}` });
        return;
      }
      const input = { [this.data.by]: this.data.by === 'idNumber' ? typed.toUpperCase() : typed };
      // The same schema the server applies: a wrong ID number is said here, before anything is recorded.
      const parsed = ReviewActions.search.safeParse(input);
      if (!parsed.success) {
        const errors = issuesToFieldErrors(parsed.error.issues);
        this.setData({ queryError: errors[this.data.by] ?? Object.values(errors)[0] ?? '格式不正确' });
        return;
      }
      this.setData({ loading: true, errorMessage: '', errorCode: '' });
      const result = await callCloud('review', 'search', input);
      if (!result.ok) {
        const fieldError = result.error.fields?.[this.data.by];
        this.setData({ loading: false, ...(fieldError ? { queryError: fieldError } : { errorMessage: result.error.message, errorCode: result.error.code }) });
        return;
      }
      this.setData({ loading: false, searched: true, items: result.data.items.map(queueRowOf) });
    },
    openReview(event: SearchEvent) {
      const id = event.currentTarget.dataset.id;
      if (id) void wx.navigateTo({ url: `/staff/pages/review/index?id=${id}` });
    },
  },
});
