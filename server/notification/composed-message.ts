import type { MessageKind, MessageVariables } from '../../core/notification/template-config';
import type { InboxRecord } from './notification-records';

/** A message before it is written: the inbox record's content plus the values templates may show. */
export interface ComposedMessage {
  id: string;
  recipientOpenid: string;
  audience: InboxRecord['audience'];
  kind: MessageKind;
  title: string;
  body: string;
  page: string;
  filingId?: string;
  sourceId: string;
  createdAt: string;
  variables: MessageVariables;
}

export function filingPage(template: string, filingId: string): string {
  return template.replace('{filingId}', encodeURIComponent(filingId));
}
