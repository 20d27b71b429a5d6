import { getCloudbaseContext } from '@cloudbase/node-sdk';

/**
 * The caller's openid, from the WeChat context that the platform attaches to each invocation
 * (never from the payload). CloudBase passes it in the function's `context`; the local cloud
 * builds the same context from its `x-wx-openid` header, so both run this one code path.
 */
export function callerOpenidFrom(context: unknown): string | undefined {
  if (!context || typeof context !== 'object') return undefined;
  try {
    const env = getCloudbaseContext(context as Parameters<typeof getCloudbaseContext>[0]);
    const openid = env.WX_OPENID;
    return typeof openid === 'string' && openid.length > 0 ? openid : undefined;
  } catch {
    return undefined;
  }
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
