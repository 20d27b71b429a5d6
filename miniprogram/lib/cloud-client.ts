import type { ActionInput, ActionName, ActionOutput, CloudFunctionName } from '../../core/api/cloud-api';
import type { Result } from '../../core/errors/result';
import { messageOf } from '../../core/errors/error-code';

/**
 * The one place that calls `wx.cloud.callFunction`. Its result is typed `AnyObject | string |
 * undefined` by WeChat; here it becomes the Result of the action named, per core's CloudApi.
 */
export type CloudTransport = (name: string, data: Record<string, unknown>) => Promise<unknown>;

const wechatTransport: CloudTransport = async (name, data) => {
  const response = await wx.cloud.callFunction({ name, data });
  return response.result;
};

let transport: CloudTransport = wechatTransport;

/** The browser preview routes calls to the local cloud over HTTP instead of WeChat. */
export function useCloudTransport(next: CloudTransport): void {
  transport = next;
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export async function callCloud<F extends CloudFunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  input: ActionInput<F, A>,
): Promise<Result<ActionOutput<F, A>>> {
  try {
    const result = await transport(name, { ...(input as Record<string, unknown>), action });
    if (isResult(result)) return result as Result<ActionOutput<F, A>>;
    return { ok: false, error: { code: 'SYSTEM.INTERNAL', message: messageOf('SYSTEM.INTERNAL') } };
  } catch {
    return { ok: false, error: { code: 'SYSTEM.NETWORK', message: messageOf('SYSTEM.NETWORK') } };
  }
}
