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
  if (!context || typeof context !== 'object') return undefined;
  let fromContext: Record<string, unknown>;
  try {
    fromContext = contextEnvironment(context as { environment?: unknown; environ?: unknown });
  } catch {
    return undefined;
  }
  // A key the context lacks but WX_CONTEXT_KEYS (or TCB_CONTEXT_KEYS) lists comes from the process.
  const listed = (name: string) => {
    const keys = fromContext[name] || process.env[name];
    return typeof keys === 'string' && keys.split(',').includes('WX_OPENID');
  };
  let openid: unknown;
  if (Object.prototype.hasOwnProperty.call(fromContext, 'WX_OPENID')) openid = fromContext.WX_OPENID;
  else if (listed('TCB_CONTEXT_KEYS') || listed('WX_CONTEXT_KEYS')) openid = process.env.WX_OPENID;
  return typeof openid === 'string' && openid.length > 0 ? openid : undefined;
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

/** The context the platform would give for a call from the mini-program by `openid`. */
export function wechatContextFor(openid: string | undefined, requestId: string, functionName: string) {
  const environment: Record<string, string> = { WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_APPID: 'local' };
  if (openid) environment.WX_OPENID = openid;
  return {
    request_id: requestId,
    function_name: functionName,
    environment: JSON.stringify(environment),
  };
}
