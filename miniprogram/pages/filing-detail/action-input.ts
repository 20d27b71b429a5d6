import { FilingActions, issuesToFieldErrors, type FieldErrors, type UploadedMaterial } from '../../lib/index';

/** The four things a resident may do to a filing, each a filing action of the same name. */
export type ResidentAction = 'withdraw' | 'cancel' | 'supplement' | 'change';

export interface ActionForm {
  reason: string;
  phone: string;
  residenceAddress: string;
  hospitalName: string;
  proofKind: string;
  commitmentAccepted: boolean;
  materials: UploadedMaterial[];
}

export function emptyActionForm(): ActionForm {
  return { reason: '', phone: '', residenceAddress: '', hospitalName: '', proofKind: 'documents', commitmentAccepted: false, materials: [] };
}

/** Schema and server paths → the box that shows the message; anything else is about the whole action. */
export function boxOfPath(path: string): string {
  if (path.startsWith('proof')) return 'proof';
  if (path === 'changes.hospital' || path.startsWith('changes.hospital.')) return 'hospitalName';
  if (path === 'changes.phone' || path === 'changes.residenceAddress') return path.slice('changes.'.length);
  return path === 'reason' ? 'reason' : 'form';
}

export function toActionErrors(fields: FieldErrors | undefined): Record<string, string> {
  const boxes: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields ?? {})) boxes[boxOfPath(path)] ??= message;
  return boxes;
}

type Checked<T> = { ok: true; input: T } | { ok: false; errors: Record<string, string> };

function checked<T>(parsed: { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }): Checked<T> {
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, errors: toActionErrors(issuesToFieldErrors(parsed.error.issues)) };
}

const filled = (value: string) => (value.trim() === '' ? undefined : value);

/** The same schemas the filing function applies, so a refusal is worded before the call. */
export function withdrawInput(id: string, form: ActionForm) {
  const reason = filled(form.reason);
  return checked(FilingActions.withdraw.safeParse(reason ? { id, reason } : { id }));
}

export function cancelInput(id: string, form: ActionForm) {
  return checked(FilingActions.cancel.safeParse({ id, reason: form.reason }));
}

export function supplementInput(id: string, form: ActionForm) {
  const proof = form.proofKind === 'commitment'
    ? { kind: 'commitment', accepted: form.commitmentAccepted }
    : { kind: 'documents', fileIds: form.materials.map((m) => m.fileId) };
  return checked(FilingActions.supplement.safeParse({ id, proof }));
}

export function changeInput(id: string, form: ActionForm) {
  const changes: Record<string, unknown> = {};
  if (filled(form.phone)) changes.phone = form.phone;
  if (filled(form.residenceAddress)) changes.residenceAddress = form.residenceAddress;
  if (filled(form.hospitalName)) changes.hospital = { name: form.hospitalName };
  return checked(FilingActions.change.safeParse({ id, changes }));
}
