import { fitField } from '../../core/notification/fit-field';
import { isValidFieldValue } from '../../core/notification/field-kind';
import type { MessageVariables, TemplateConfig } from '../../core/notification/template-config';

export type SubscribePayload =
  | { ok: true; data: Record<string, { value: string }> }
  | { ok: false; missing: string[] };

/** Fills a template's fields from the message's values, each fitted to WeChat's rule for its kind. */
export function subscribePayload(template: TemplateConfig, variables: MessageVariables): SubscribePayload {
  const data: Record<string, { value: string }> = {};
  const missing: string[] = [];
  for (const [key, field] of Object.entries(template.fields)) {
    const raw = variables[field.from];
    const value = raw === undefined ? undefined : fitField(field.kind, raw);
    if (value === undefined || !isValidFieldValue(field.kind, value)) missing.push(key);
    else data[key] = { value };
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, data };
}
