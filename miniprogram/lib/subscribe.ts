import type { TemplateInfo } from '../../core/api/notification-api';
import { callCloud } from './cloud-client';

/**
 * 订阅消息: WeChat shows its dialog only while handling a tap, so the template IDs are loaded
 * beforehand (`prepareSubscribe` in onLoad) and `askToSubscribe` is called at the start of the tap,
 * before anything is awaited. Whatever happens (refused, no templates, old WeChat, network), it
 * resolves, so the resident's submit always goes on. One-time and long-term templates are never
 * in one dialog (WeChat refuses the mix): `askToSubscribe` asks for the one-time ones, and
 * `askForLongTerm` (its own button) for the long-term ones the resident has not agreed to yet.
 */
export type SubscribeOutcome = 'accepted' | 'refused' | 'unavailable';
type Audience = TemplateInfo['audience'];

/** WeChat accepts at most 3 templates in one dialog. */
const MAX_TEMPLATES_PER_DIALOG = 3;

interface AudienceTemplates {
  once: string[];
  /** Long-term templates whose consent does not stand yet. */
  longTerm: string[];
}

let templateIds: Record<Audience, AudienceTemplates> | null = null;
let loading: Promise<void> | null = null;
let asking = false;

/** Loads the configured templates once per app session; a failure is retried on the next call. */
export function prepareSubscribe(): Promise<void> {
  loading ??= callCloud('notification', 'templates', {}).then((result) => {
    if (!result.ok) {
      loading = null;
      return;
    }
    const of = (audience: Audience): AudienceTemplates => {
      const mine = result.data.templates.filter((t) => t.audience === audience);
      return {
        once: mine.filter((t) => t.subscription !== 'long-term').map((t) => t.templateId),
        longTerm: mine.filter((t) => t.subscription === 'long-term' && !t.subscribed).map((t) => t.templateId),
      };
    };
    templateIds = { applicant: of('applicant'), staff: of('staff') };
  });
  return loading;
}

/** Only the string answers (templateId → accept/reject/…, errMsg) go to the server. */
function answersOf(result: unknown): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const [key, value] of Object.entries((result ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') answers[key] = value;
  }
  return answers;
}

/** The submit waits this long at most for the dialog; a later answer is still recorded. */
const MAX_WAIT_MS = 20_000;

async function askAndRecord(tmplIds: string[]): Promise<SubscribeOutcome> {
  asking = true;
  let answers: Record<string, string>;
  try {
    answers = answersOf(await wx.requestSubscribeMessage({ tmplIds }));
  } catch {
    return 'unavailable';
  } finally {
    asking = false;
  }
  const recorded = await callCloud('notification', 'subscribe', { result: answers });
  if (recorded.ok && templateIds) {
    for (const audience of Object.keys(templateIds) as Audience[]) {
      templateIds[audience].longTerm = templateIds[audience].longTerm.filter((id) => recorded.data.longTerm[id] !== true);
    }
  }
  return tmplIds.some((id) => answers[id] === 'accept') ? 'accepted' : 'refused';
}

/**
 * Asks once for the audience's templates and hands the answer as given to notification.subscribe.
 * Call it before anything is awaited in the tap. Never rejects, and never holds a submit for long.
 */
export function askToSubscribe(audience: Audience = 'applicant'): Promise<SubscribeOutcome> {
  return ask(templateIds?.[audience].once.slice(0, MAX_TEMPLATES_PER_DIALOG));
}

/** Whether there are long-term reminders the resident could still turn on (after prepareSubscribe). */
export function longTermOffered(audience: Audience = 'applicant'): boolean {
  return (templateIds?.[audience].longTerm.length ?? 0) > 0;
}

/** Asks once, from its own tap, for the long-term templates not agreed to yet: one consent, many messages. */
export function askForLongTerm(audience: Audience = 'applicant'): Promise<SubscribeOutcome> {
  return ask(templateIds?.[audience].longTerm.slice(0, MAX_TEMPLATES_PER_DIALOG));
}

function ask(tmplIds: string[] | undefined): Promise<SubscribeOutcome> {
  if (!tmplIds) void prepareSubscribe();
  if (!tmplIds || tmplIds.length === 0 || asking || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve('unavailable');
  const asked = askAndRecord(tmplIds);
  let timer = 0;
  const late = new Promise<SubscribeOutcome>((resolve) => {
    timer = setTimeout(() => resolve('unavailable'), MAX_WAIT_MS);
  });
  return Promise.race([asked, late]).then((outcome) => {
    clearTimeout(timer);
    return outcome;
  });
}
