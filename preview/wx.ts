import { addTempFile, callFunction, downloadFile, simulateFace, uploadFile } from './cloud';
import { askLocation, askSubscribe, confirmCall, showPlace, type TemplateTitle } from './dialogs';
import { navigateBack, navigateTo, pullDownRefresh, redirectTo, reLaunch, setTitle } from './pages';
import { hideToast, showImage, showModal, showToast } from './ui';
import { authorizePrivacy, privacyApis } from './privacy';

/**
 * The `wx` the pages get: navigation on the preview's page stack, storage in localStorage,
 * toasts and modals in the phone, pickers of files as <input type=file>, and wx.cloud reaching
 * the local cloud (POST /fn/<name>, /storage/*) as the chosen identity.
 */
type Options = Record<string, unknown> & {
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
  complete?: (res: unknown) => void;
};

/** WeChat's convention: callbacks if given, and a Promise either way. */
function api<O extends Options>(name: string, impl: (options: O) => Promise<Record<string, unknown>> | Record<string, unknown>) {
  return (options: O = {} as O): Promise<unknown> => {
    const promise = Promise.resolve()
      .then(() => impl(options))
      .then((res) => ({ errMsg: `${name}:ok`, ...res }));
    promise.then(
      (res) => {
        options.success?.(res);
        options.complete?.(res);
      },
      (error: unknown) => {
        const err = typeof error === 'object' && error && 'errMsg' in error ? error : { errMsg: `${name}:fail ${String(error)}` };
        options.fail?.(err);
        options.complete?.(err);
      },
    );
    if (options.success || options.fail || options.complete) {
      promise.catch(() => undefined);
      return undefined as unknown as Promise<unknown>;
    }
    return promise.catch((error: unknown) => {
      throw typeof error === 'object' && error && 'errMsg' in error ? error : { errMsg: `${name}:fail ${String(error)}` };
    });
  };
}

/** A privacy API: it runs only once the identity has agreed to the privacy guide (preview/privacy.ts). */
function gated<O extends Options>(name: string, impl: (options: O) => Promise<Record<string, unknown>> | Record<string, unknown>) {
  return api(name, async (options: O) => {
    await authorizePrivacy(name);
    return impl(options);
  });
}

const STORAGE_PREFIX = 'pv-storage:';

function getStorageSync(key: string): unknown {
  const raw = localStorage.getItem(STORAGE_PREFIX + key);
  if (raw === null) return '';
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return '';
  }
}

function setStorageSync(key: string, value: unknown): void {
  localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(value));
}

function removeStorageSync(key: string): void {
  localStorage.removeItem(STORAGE_PREFIX + key);
}

function chooseFiles(count: number, accept: string): Promise<File[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = count > 1;
    input.hidden = true;
    input.id = 'pv-file-input';
    document.getElementById('pv-file-input')?.remove();
    document.body.append(input);
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])].slice(0, count);
      input.remove();
      if (files.length === 0) reject({ errMsg: 'chooseMedia:fail cancel' });
      else resolve(files);
    });
    input.addEventListener('cancel', () => {
      input.remove();
      reject({ errMsg: 'chooseMedia:fail cancel' });
    });
    input.click();
  });
}

/** The configured templates' titles, for the subscribe sheet (asked once, quietly). */
let titles: Promise<TemplateTitle[]> | undefined;
function templateTitles(): Promise<TemplateTitle[]> {
  titles ??= callFunction('notification', { action: 'templates' }, true)
    .then((r) => ((r as { ok?: boolean; data?: { templates: TemplateTitle[] } }).data?.templates ?? []))
    .catch(() => []);
  return titles;
}

/**
 * `wx.cloud.uploadFile`: with callbacks WeChat returns an UploadTask whose onProgressUpdate reports
 * the bytes sent; the preview uploads with XMLHttpRequest to report the same.
 */
function cloudUploadFile(o: Options): unknown {
  const listeners: ((p: { progress: number; totalBytesSent: number; totalBytesExpectedToSend: number }) => void)[] = [];
  const done = uploadFile(String(o.filePath), (sent, total) => {
    for (const listener of listeners) listener({ progress: total ? Math.round((sent / total) * 100) : 0, totalBytesSent: sent, totalBytesExpectedToSend: total });
  }).then((fileID) => ({ fileID, statusCode: 200, errMsg: 'cloud.uploadFile:ok' }));
  if (!o.success && !o.fail && !o.complete) return done;
  done.then(
    (res) => {
      o.success?.(res);
      o.complete?.(res);
    },
    (error: unknown) => {
      o.fail?.(error);
      o.complete?.(error);
    },
  );
  return {
    onProgressUpdate: (listener: (typeof listeners)[number]) => listeners.push(listener),
    offProgressUpdate: () => listeners.splice(0),
    abort: () => undefined,
  };
}

export interface WxOptions {
  /** The navigation bar title of app.json: how WeChat names the mini-program in its dialogs. */
  appName: string;
  /** app.json `permission["scope.userLocation"].desc`: the reason WeChat shows when asking for the position. */
  locationReason: string;
}

export function createWx(log: (message: string) => void, options: WxOptions = { appName: '小程序', locationReason: '' }): Record<string, unknown> {
  return {
    navigateTo: api('navigateTo', async (o: Options) => {
      await navigateTo(String(o.url));
      return {};
    }),
    redirectTo: api('redirectTo', async (o: Options) => {
      await redirectTo(String(o.url));
      return {};
    }),
    reLaunch: api('reLaunch', async (o: Options) => {
      await reLaunch(String(o.url));
      return {};
    }),
    switchTab: api('switchTab', async (o: Options) => {
      await reLaunch(String(o.url));
      return {};
    }),
    navigateBack: api('navigateBack', (o: Options) => {
      navigateBack(typeof o.delta === 'number' ? o.delta : 1);
      return {};
    }),
    setNavigationBarTitle: api('setNavigationBarTitle', (o: Options) => {
      setTitle(String(o.title ?? ''));
      return {};
    }),
    startPullDownRefresh: api('startPullDownRefresh', () => {
      pullDownRefresh();
      return {};
    }),
    stopPullDownRefresh: api('stopPullDownRefresh', () => ({})),
    pageScrollTo: api('pageScrollTo', () => ({})),
    getStorageSync,
    setStorageSync,
    removeStorageSync,
    getStorage: api('getStorage', (o: Options) => ({ data: getStorageSync(String(o.key)) })),
    setStorage: api('setStorage', (o: Options) => {
      setStorageSync(String(o.key), o.data);
      return {};
    }),
    removeStorage: api('removeStorage', (o: Options) => {
      removeStorageSync(String(o.key));
      return {};
    }),
    showToast: api('showToast', (o: Options) => {
      showToast(String(o.title ?? ''), typeof o.duration === 'number' ? o.duration : 1500);
      return {};
    }),
    hideToast: api('hideToast', () => {
      hideToast();
      return {};
    }),
    showLoading: api('showLoading', (o: Options) => {
      showToast(String(o.title ?? '加载中'), 60_000);
      return {};
    }),
    hideLoading: api('hideLoading', () => {
      hideToast();
      return {};
    }),
    showModal: api('showModal', async (o: Options) => {
      const confirm = await showModal({
        title: o.title as string | undefined,
        content: o.content as string | undefined,
        showCancel: o.showCancel as boolean | undefined,
        cancelText: o.cancelText as string | undefined,
        confirmText: o.confirmText as string | undefined,
      });
      return { confirm, cancel: !confirm };
    }),
    ...privacyApis(log),
    chooseMedia: gated('chooseMedia', async (o: Options) => {
      const count = typeof o.count === 'number' ? o.count : 9;
      const files = await chooseFiles(count, 'image/*');
      return { type: 'image', tempFiles: files.map((f) => ({ tempFilePath: addTempFile(f), size: f.size, fileType: 'image' })) };
    }),
    chooseImage: gated('chooseImage', async (o: Options) => {
      const files = await chooseFiles(typeof o.count === 'number' ? o.count : 9, 'image/*');
      const tempFiles = files.map((f) => ({ path: addTempFile(f), size: f.size }));
      return { tempFilePaths: tempFiles.map((f) => f.path), tempFiles };
    }),
    previewImage: api('previewImage', (o: Options) => {
      const urls = Array.isArray(o.urls) ? (o.urls as string[]) : [];
      const current = typeof o.current === 'string' ? o.current : urls[0];
      if (current) void showImage(current);
      return {};
    }),
    // 模拟刷脸: the resident chooses the outcome; the server still learns it only from its verifier.
    // A privacy API like the camera: it waits for the consent sheet first.
    requestFacialVerify: gated('requestFacialVerify', async (o: Options) => {
      const passed = await showModal({ title: '模拟刷脸', content: '预览中没有摄像头刷脸：请选择这次刷脸的结果。', cancelText: '不通过', confirmText: '通过' });
      await simulateFace(String(o.verifyId ?? ''), passed ? 'pass' : 'fail');
      log(`模拟刷脸：${passed ? '通过' : '不通过'}`);
      return { verifyResult: '' };
    }),
    // Drawn as WeChat draws it; what the resident chooses is what the page gets.
    requestSubscribeMessage: api('requestSubscribeMessage', async (o: Options) => {
      const ids = Array.isArray(o.tmplIds) ? (o.tmplIds as string[]) : [];
      const answer = await askSubscribe(options.appName, ids, await templateTitles());
      log(`订阅消息：${ids.map((id) => `${id} ${answer[id]}`).join(', ')}`);
      return answer;
    }),
    // A privacy API: the consent sheet first, then WeChat's permission sheet with a point to pick.
    getLocation: gated('getLocation', async () => {
      const point = await askLocation(options.appName, options.locationReason);
      if (!point) throw { errMsg: 'getLocation:fail auth deny' };
      return { ...point, accuracy: 30, speed: -1, altitude: 0, verticalAccuracy: 0, horizontalAccuracy: 30 };
    }),
    makePhoneCall: api('makePhoneCall', async (o: Options) => {
      const number = String(o.phoneNumber ?? '');
      if (!(await confirmCall(number))) throw { errMsg: 'makePhoneCall:fail cancel' };
      log(`拨打电话：${number}`);
      return {};
    }),
    openLocation: api('openLocation', async (o: Options) => {
      await showPlace({ name: o.name as string | undefined, address: o.address as string | undefined, latitude: Number(o.latitude), longitude: Number(o.longitude) });
      return {};
    }),
    getSystemInfoSync: () => ({ windowWidth: 355, windowHeight: 654, pixelRatio: 2, platform: 'devtools', SDKVersion: '3.0.0', language: 'zh_CN' }),
    getWindowInfo: () => ({ windowWidth: 355, windowHeight: 654, pixelRatio: 2 }),
    vibrateShort: api('vibrateShort', () => ({})),
    cloud: {
      init: () => undefined,
      callFunction: api('cloud.callFunction', async (o: Options) => {
        const result = await callFunction(String(o.name), (o.data as Record<string, unknown> | undefined) ?? {});
        return { result, requestID: `preview-${Date.now().toString(36)}` };
      }),
      uploadFile: cloudUploadFile,
      downloadFile: api('cloud.downloadFile', async (o: Options) => ({ tempFilePath: await downloadFile(String(o.fileID)), statusCode: 200 })),
    },
  };
}
