import {
  callCloud, issuesToFieldErrors, runFaceCheck, IdentityActions, FAMILY_RELATIONSHIPS, FAMILY_RELATIONSHIP_LABELS,
  type AppError, type IdentityStatus,
} from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';

interface FieldEvent {
  currentTarget: { dataset: { field?: string; value?: string } };
  detail: { value?: string };
}

type Phase = 'form' | 'face' | 'done';

const FIELDS = ['name', 'idNumber', 'relationship', 'face'];

function boxErrors(fields: Record<string, string> | undefined): Record<string, string> {
  const boxes: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields ?? {})) {
    const box = FIELDS.includes(path) ? path : 'form';
    boxes[box] ??= message;
  }
  return boxes;
}

/**
 * 实名认证 (seed 000, step ①): name and ID number, why they are needed, then the face check on
 * this phone, then the result. With `purpose=family` the relative enters their own details and
 * shows their own face; with `next=filing` the resident goes on to 办理备案 afterwards.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    purpose: 'self' as 'self' | 'family',
    next: '',
    status: null as IdentityStatus | null,
    redo: false,
    name: '',
    idNumber: '',
    relationship: '',
    relationships: FAMILY_RELATIONSHIPS.map((value) => ({ value, label: FAMILY_RELATIONSHIP_LABELS[value] })),
    errors: {} as Record<string, string>,
    formError: '',
    phase: 'form' as Phase,
    busy: false,
    resultText: '',
  },
  methods: {
    onLoad(query: { purpose?: string; next?: string }) {
      const purpose = query.purpose === 'family' ? 'family' : 'self';
      this.setData({ purpose, next: query.next === 'filing' ? 'filing' : '' });
      if (purpose === 'family') void wx.setNavigationBarTitle({ title: '添加家庭成员' });
      void this.loadStatus();
    },

    async loadStatus() {
      const result = await callCloud('identity', 'status', {});
      if (result.ok) this.setData({ status: result.data });
      else this.setData({ formError: result.error.message });
    },

    onInput(event: FieldEvent) {
      const field = event.currentTarget.dataset.field;
      if (field === 'name' || field === 'idNumber') this.setData({ [field]: event.detail.value ?? '', [`errors.${field}`]: '', formError: '' });
    },

    chooseRelationship(event: FieldEvent) {
      this.setData({ relationship: event.currentTarget.dataset.value ?? '', 'errors.relationship': '' });
    },

    redoVerification() {
      this.setData({ redo: true, phase: 'form', errors: {}, formError: '' });
    },

    showRefusal(error: AppError) {
      const errors = boxErrors(error.fields);
      this.setData({ errors, formError: error.message, phase: 'form', busy: false });
    },

    /** The same schema as the server first; then start, the face on this phone, and the server's verdict. */
    async verify() {
      if (this.data.busy) return;
      const input = {
        name: this.data.name,
        idNumber: this.data.idNumber,
        purpose: this.data.purpose,
        ...(this.data.purpose === 'family' && this.data.relationship ? { relationship: this.data.relationship } : {}),
      };
      const parsed = IdentityActions.start.safeParse(input);
      if (!parsed.success) {
        this.setData({ errors: boxErrors(issuesToFieldErrors(parsed.error.issues)), formError: '请按红字提示修改后再刷脸' });
        return;
      }
      this.setData({ busy: true, errors: {}, formError: '' });
      const started = await callCloud('identity', 'start', parsed.data);
      if (!started.ok) {
        this.showRefusal(started.error);
        return;
      }
      this.setData({ phase: 'face' });
      const ended = await runFaceCheck(started.data.verifyId);
      if (!ended.ended) {
        this.setData({ phase: 'form', busy: false, formError: ended.message });
        return;
      }
      const confirmed = await callCloud('identity', 'confirm', { verifyId: started.data.verifyId });
      if (!confirmed.ok) {
        this.showRefusal(confirmed.error);
        return;
      }
      const who = confirmed.data.person;
      this.setData({
        phase: 'done',
        busy: false,
        redo: false,
        status: confirmed.data.status,
        name: '',
        idNumber: '',
        resultText: this.data.purpose === 'family'
          ? `已添加家庭成员 ${who.nameMasked}，以后可以为他（她）办理备案。`
          : `已实名 ${who.nameMasked}，可以办理备案了。`,
      });
    },

    continueToFiling() {
      void wx.redirectTo({ url: '/pages/filing-form/index' });
    },

    goBack() {
      void wx.navigateBack({ delta: 1 });
    },
  },
});
