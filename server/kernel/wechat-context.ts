/**
 * The caller's openid, from the WeChat context that the platform attaches to each invocation
 * (never from the payload). CloudBase passes it in the function's `context`; the local cloud
 * builds the same context from its `x-wx-openid` header, so both run this one code path.
 *
 * Read the way @cloudbase/node-sdk's `getCloudbaseContext` reads it (test/kernel checks that
 * both agree on every shape of context) without loading the SDK: requiring it costs a cold start
 * 250–450 ms, and outside CloudBase nothing else needs it.
 */
export function callerOpenidFrom(context: unknown): string | undefined {
  return nonEmpty(contextValue(context, 'WX_OPENID'));
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** No readable environment at all: unlike the platform's, which always passes one. */
const UNREADABLE = Symbol('unreadable');

/**
 * One key of the invocation's environment as `getCloudbaseContext` resolves it: the context's own
 * value, else the process's when WX_CONTEXT_KEYS or TCB_CONTEXT_KEYS lists the key.
 */
function contextValue(context: unknown, key: string): unknown {
  if (!context || typeof context !== 'object') return UNREADABLE;
  let fromContext: Record<string, unknown>;
  try {
    fromContext = contextEnvironment(context as { environment?: unknown; environ?: unknown });
  } catch {
    return UNREADABLE;
  }
  // A key the context lacks but WX_CONTEXT_KEYS (or TCB_CONTEXT_KEYS) lists comes from the process.
  const listed = (name: string) => {
    const keys = fromContext[name] || process.env[name];
    return typeof keys === 'string' && keys.split(',').includes(key);
  };
  if (Object.prototype.hasOwnProperty.call(fromContext, key)) return fromContext[key];
  if (listed('TCB_CONTEXT_KEYS') || listed('WX_CONTEXT_KEYS')) return process.env[key];
  return undefined;
}

/** `environment` (JSON, current SCF) or, on the old architecture, `environ` (`k=v;k=v`, lists with `,`). */
function contextEnvironment(context: { environment?: unknown; environ?: unknown }): Record<string, unknown> {
  if (context.environment) {
    const parsed = JSON.parse(context.environment as string) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  }
  const out: Record<string, unknown> = {};
  for (const part of (context.environ as string).split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const value = part.slice(equals + 1);
    out[part.slice(0, equals)] = value.includes(',') ? value.split(',') : value;
  }
  return out;
}

/** Every key by which CloudBase names a user: WeChat, QQ, web (uuid, custom login) and anonymous login. */
const USER_IDENTITY_KEYS = ['WX_OPENID', 'WX_UNIONID', 'QQ_OPENID', 'TCB_UUID', 'TCB_CUSTOM_USER_ID', 'TCB_ISANONYMOUS_USER'] as const;

/**
 * Whether the invocation came from a user at all. The platform's own triggers (the timer) carry
 * a context with none of these keys; any client call carries at least one, even an anonymous one.
 * A missing context is not the platform's: it always passes one.
 */
export function hasUserIdentity(context: unknown): boolean {
  if (contextValue(context, 'WX_OPENID') === UNREADABLE) return true;
  return USER_IDENTITY_KEYS.some((key) => {
    const value = contextValue(context, key);
    return typeof value === 'string' ? value.length > 0 : value !== undefined && value !== null;
  });
}

/**
 * The context the platform would give for a call from a client as `openid`. A call without an
 * openid is still a client's (an anonymous web visitor's, as CloudBase's anonymous login names
 * them), so it can never pass for the platform's timer.
 */
export function wechatContextFor(openid: string | undefined, requestId: string, functionName: string) {
  const environment: Record<string, string> = openid
    ? { WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_APPID: 'local', WX_OPENID: openid }
    : { WX_CONTEXT_KEYS: 'WX_APPID', WX_APPID: 'local', TCB_CONTEXT_KEYS: 'TCB_UUID,TCB_ISANONYMOUS_USER', TCB_UUID: `anonymous-${requestId}`, TCB_ISANONYMOUS_USER: 'true' };
  return {
    request_id: requestId,
    function_name: functionName,
    environment: JSON.stringify(environment),
  };
}

/** The context of a platform trigger (the timer): no user in it. Tests use it to stand for CloudBase. */
export function platformTriggerContext(requestId: string, functionName: string) {
  return {
    request_id: requestId,
    function_name: functionName,
    environment: JSON.stringify({ TCB_CONTEXT_KEYS: 'TCB_ENV', TCB_ENV: 'local', SCF_NAMESPACE: 'local' }),
  };
}
