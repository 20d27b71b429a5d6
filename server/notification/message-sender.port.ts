/** A subscribe message as WeChat's `subscribeMessage.send` takes it, plus our delivery ID. */
export interface SubscribeMessage {
  /** Our delivery ID: never sent to WeChat; the local sink records it to count duplicates. */
  deliveryId: string;
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState: 'developer' | 'trial' | 'formal';
}

export type SendOutcome = { ok: true } | { ok: false; errcode: number; errmsg: string };

/**
 * The one way out to the user's phone. Production: WeChat's openapi; locally: a sink that
 * records what the phone would show. A thrown error counts as a transient failure.
 */
export interface MessageSender {
  send(message: SubscribeMessage): Promise<SendOutcome>;
}
