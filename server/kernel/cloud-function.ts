import { randomUUID } from 'node:crypto';
import type * as z from 'zod/mini';
import { fail, type Result } from '../../core/errors/result';
import { issuesToFieldErrors } from '../../core/validation/field-errors';
import { callerOpenidFrom } from './wechat-context';
import { createLogger } from './logger';
import type { Runtime } from '../runtime/runtime';
import { currentRuntime } from '../runtime/select-runtime';

/** Who is calling: the openid from the WeChat context, if any. Roles are the services' business. */
export interface Caller {
  openid?: string;
}

export interface ActionContext {
  caller: Caller;
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
}

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
      const actionName = event && typeof event === 'object' ? (event as { action?: unknown }).action : undefined;
      if (typeof actionName !== 'string' || !Object.prototype.hasOwnProperty.call(definition.actions, actionName)) {
        log.info('request.refused', { fn: definition.name, requestId, code: 'REQUEST.UNKNOWN_ACTION' });
        return fail('REQUEST.UNKNOWN_ACTION', { action: '没有这项操作' });
      }
      const handler = definition.actions[actionName]!;
      const parsed = handler.input.safeParse(event);
      if (!parsed.success) {
        const fields = issuesToFieldErrors(parsed.error.issues);
        log.info('request.refused', { fn: definition.name, action: actionName, requestId, code: 'REQUEST.INVALID', fields: Object.keys(fields) });
        return fail('REQUEST.INVALID', fields);
      }
      const result = await handler.handle(parsed.data as never, { caller, requestId, log, runtime });
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
