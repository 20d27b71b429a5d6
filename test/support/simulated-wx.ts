import type { CloudFunctionMain } from '../../server/kernel/cloud-function';
import { wechatContextFor } from '../../server/kernel/wechat-context';

export interface CloudCall {
  name: string;
  data: Record<string, unknown>;
}

interface CallFunctionOptions {
  name: string;
  data?: Record<string, unknown>;
}

/**
 * Gives the simulator's `wx` a `cloud.callFunction` that runs the real cloud-function entries
 * in-process, as CloudBase would, with the caller's openid in the WeChat context. This is the
 * only stub of the page tests: it stands for WeChat's servers. Returns the calls made.
 */
export function routeCloudToFunctions(functions: Readonly<Record<string, CloudFunctionMain>>, openid = 'o-test-resident'): CloudCall[] {
  const calls: CloudCall[] = [];
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  let sequence = 0;
  wx.cloud = {
    init: () => undefined,
    async callFunction({ name, data = {} }: CallFunctionOptions) {
      calls.push({ name, data });
      const main = functions[name];
      if (!main) throw new Error(`cloud.callFunction:fail FUNCTION_NOT_FOUND ${name}`);
      const requestID = `test-${(sequence += 1)}`;
      // A round trip through JSON, as the platform serialises both ways.
      const event = JSON.parse(JSON.stringify(data)) as unknown;
      const result = await main(event, wechatContextFor(openid, requestID, name));
      return { result: JSON.parse(JSON.stringify(result)) as unknown, requestID, errMsg: 'cloud.callFunction:ok' };
    },
  };
  return calls;
}

/**
 * The phone's part of 人脸核身 (`wx.requestFacialVerify`): WeChat's face screen, stood in for by the
 * local verifier's simulation with the outcome the test chooses. The server still asks its
 * verifier for the result, as it asks WeChat in production. Returns the verifyIds seen.
 */
export function routeFaceTo(simulate: (verifyId: string, outcome: 'pass' | 'fail') => Promise<unknown>, outcome: () => 'pass' | 'fail' = () => 'pass'): string[] {
  const seen: string[] = [];
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  wx.requestFacialVerify = ({ verifyId, success, fail }: { verifyId: string; success?: () => void; fail?: () => void }) => {
    seen.push(verifyId);
    const chosen = outcome();
    void simulate(verifyId, chosen).then(() => (chosen === 'pass' ? success?.() : fail?.()));
  };
  return seen;
}
