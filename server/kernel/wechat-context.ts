import { getCloudbaseContext } from '@cloudbase/node-sdk';

type EnvironmentContext = Parameters<typeof getCloudbaseContext>[0];

function environmentOf(context: unknown): Record<string, unknown> | undefined {
  if (!context || typeof context !== 'object') return undefined;
  try {
    return getCloudbaseContext(context as EnvironmentContext) as unknown as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * The caller's openid, from the WeChat context that the platform attaches to each invocation
 * (never from the payload). CloudBase passes it in the function's `context`; the local cloud
 * builds the same context from its `x-wx-openid` header, so both run this one code path.
 */
export function callerOpenidFrom(context: unknown): string | undefined {
  const openid = environmentOf(context)?.WX_OPENID;
  return typeof openid === 'string' && openid.length > 0 ? openid : undefined;
}

/** Every key by which CloudBase names a user: WeChat, QQ, web (uuid, custom login) and anonymous login. */
const USER_IDENTITY_KEYS = ['WX_OPENID', 'WX_UNIONID', 'QQ_OPENID', 'TCB_UUID', 'TCB_CUSTOM_USER_ID', 'TCB_ISANONYMOUS_USER'] as const;

/**
 * Whether the invocation came from a user at all. The platform's own triggers (the timer) carry
 * a context with none of these keys; any client call carries at least one, even an anonymous one.
 * A missing context is not the platform's: it always passes one.
 */
export function hasUserIdentity(context: unknown): boolean {
  const env = environmentOf(context);
  if (!env) return true;
  return USER_IDENTITY_KEYS.some((key) => {
    const value = env[key];
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
