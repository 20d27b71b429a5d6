import type { MessageVariables } from '../../core/notification/template-config';
import type { InboxRecord } from './notification-records';

/** A message before it is written: the inbox record's content plus the values templates may show. */
export interface ComposedMessage extends Omit<InboxRecord, 'version' | 'read' | 'readAt'> {
  variables: MessageVariables;
}

export function filingPage(template: string, filingId: string): string {
  return template.replace('{filingId}', encodeURIComponent(filingId));
}
