import { randomUUID } from 'node:crypto';
import type * as z from 'zod/mini';
import { fail, type Result } from '../../core/errors/result';
import { issuesToFieldErrors } from '../../core/validation/field-errors';
import { SHAPE_MESSAGES, shapeProblem, type ShapeLimits } from '../../core/validation/input-shape';
import { callerOpenidFrom } from './wechat-context';
import { createLogger } from './logger';
import { triggerOf, type Trigger } from './trigger';
import { BAD_CURSOR_MESSAGE, BadCursor } from './page-cursor';
import type { Runtime } from '../runtime/runtime';
import { currentRuntime } from '../runtime/select-runtime';

/** Who is calling: the openid from the WeChat context, if any. Roles are the services' business. */
export interface Caller {
  openid?: string;
}

export interface ActionContext {
  caller: Caller;
  /** `timer` only for the platform's timer trigger (its event, no user in the context). */
  trigger: Trigger;
  requestId: string;
  log: Runtime['log'];
  runtime: Runtime;
}

export interface ActionDefinition<S extends z.ZodMiniType, O> {
  input: S;
  handle(input: z.output<S>, ctx: ActionContext): Promise<Result<O>> | Result<O>;
}

/**
 * An action with its types erased, so one map can hold actions of different schemas: `never`
 * accepts every handler, and the router only ever passes what the action's own schema parsed.
 */
export interface RoutedAction {
  input: z.ZodMiniType;
  handle(input: never, ctx: ActionContext): Promise<Result<unknown>> | Result<unknown>;
}

export type ActionMap = Record<string, RoutedAction>;

export interface CloudFunctionDefinition {
  name: string;
  actions: ActionMap;
  /** The action a timer trigger runs (its event carries no `action`); none: timers are not routed. */
  timerAction?: string;
}

/**
 * What any event may be, whatever the action: checked before the schema (which recurses) and
 * before any service. The local cloud's 1 MB body and CloudBase's payload limit bound it too.
 */
export const EVENT_LIMITS: ShapeLimits = { maxDepth: 24, maxNodes: 20_000, maxChars: 2_000_000 };

export function action<S extends z.ZodMiniType, O>(definition: ActionDefinition<S, O>): ActionDefinition<S, O> {
  return definition;
}

export type CloudFunctionMain = (event: unknown, context?: unknown) => Promise<Result<unknown>>;

/**
 * Builds the `main(event, context)` of a cloud function: identity from the WeChat context,
 * `event.action` routed through its schema, and no exception ever reaching the caller —
 * an unexpected failure answers SYSTEM.INTERNAL with a request ID that the log line carries.
 */
/** Used only when the runtime itself failed to start. */
const fallbackLog = createLogger((line) => process.stderr.write(`${line}\n`));

export function createMain(definition: CloudFunctionDefinition, runtimeOf: () => Runtime = currentRuntime): CloudFunctionMain {
  return async (event, context) => {
    const requestId = randomUUID();
    let runtime: Runtime | undefined;
    try {
      runtime = runtimeOf();
      const log = runtime.log;
      const caller: Caller = { openid: callerOpenidFrom(context) };
      const trigger = triggerOf(event, context);
      const routed: unknown = trigger === 'timer' && definition.timerAction ? { action: definition.timerAction } : event;
      const actionName = routed && typeof routed === 'object' ? (routed as { action?: unknown }).action : undefined;
      if (typeof actionName !== 'string' || !Object.prototype.hasOwnProperty.call(definition.actions, actionName)) {
        log.info('request.refused', { fn: definition.name, requestId, code: 'REQUEST.UNKNOWN_ACTION' });
        return fail('REQUEST.UNKNOWN_ACTION', { action: '没有这项操作' });
      }
      const handler = definition.actions[actionName]!;
      const shape = shapeProblem(routed, EVENT_LIMITS);
      if (shape) {
        const fields = { [shape.path]: SHAPE_MESSAGES[shape.kind] };
        log.info('request.refused', { fn: definition.name, action: actionName, requestId, code: 'REQUEST.INVALID', fields: Object.keys(fields) });
        return fail('REQUEST.INVALID', fields);
      }
      const parsed = handler.input.safeParse(routed);
      if (!parsed.success) {
        const fields = issuesToFieldErrors(parsed.error.issues);
        log.info('request.refused', { fn: definition.name, action: actionName, requestId, code: 'REQUEST.INVALID', fields: Object.keys(fields) });
        return fail('REQUEST.INVALID', fields);
      }
      let result: Result<unknown>;
      try {
        result = await handler.handle(parsed.data as never, { caller, trigger, requestId, log, runtime });
      } catch (cause) {
        // A list given a cursor it never issued: bad input, refused the same way by every list.
        if (!(cause instanceof BadCursor)) throw cause;
        result = fail('REQUEST.INVALID', { cursor: BAD_CURSOR_MESSAGE });
      }
      if (!result.ok) {
        log.info('request.refused', { fn: definition.name, action: actionName, requestId, caller: caller.openid, code: result.error.code });
      }
      return result;
    } catch (cause) {
      (runtime?.log ?? fallbackLog).error('request.failed', { fn: definition.name, requestId, cause });
      const result = fail('SYSTEM.INTERNAL');
      if (!result.ok) result.error.requestId = requestId;
      return result;
    }
  };
}
