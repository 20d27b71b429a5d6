import type { MessageSender } from './message-sender.port';

/** The part of wx-server-sdk this adapter uses (documented API, typed here to keep it optional). */
interface WxServerSdk {
  init(options?: { env?: unknown }): void;
  DYNAMIC_CURRENT_ENV: unknown;
  openapi: {
    subscribeMessage: {
      send(request: { touser: string; templateId: string; page: string; data: Record<string, { value: string }>; miniprogramState: string }): Promise<{ errCode?: number; errMsg?: string }>;
    };
  };
}

function loadSdk(): WxServerSdk {
  // Loaded lazily by name so local runs and bundles never need the package; CloudBase installs it.
  const moduleName = 'wx-server-sdk';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require(moduleName) as WxServerSdk;
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
  return sdk;
}

/**
 * Production sender: WeChat's `subscribeMessage.send` through the cloud-call openapi (no access
 * token to manage). WeChat reports a refusal by throwing an error carrying `errCode`.
 */
export function createWechatSubscribeSender(sdk: () => WxServerSdk = loadSdk): MessageSender {
  let loaded: WxServerSdk | undefined;
  return {
    async send(message) {
      loaded ??= sdk();
      try {
        const answer = await loaded.openapi.subscribeMessage.send({
          touser: message.touser,
          templateId: message.templateId,
          page: message.page,
          data: message.data,
          miniprogramState: message.miniprogramState,
        });
        const errcode = answer.errCode ?? 0;
        return errcode === 0 ? { ok: true } : { ok: false, errcode, errmsg: answer.errMsg ?? '' };
      } catch (error) {
        const e = error as { errCode?: unknown; errMsg?: unknown; message?: unknown };
        if (typeof e.errCode === 'number') return { ok: false, errcode: e.errCode, errmsg: String(e.errMsg ?? e.message ?? '') };
        throw error;
      }
    },
  };
}
