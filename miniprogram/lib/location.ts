/**
 * 附近: the resident's position for the nearby search. WeChat asks the resident itself (with the
 * reason given in app.json `permission`); a refusal is reported so the page can explain it.
 */
export type PositionResult =
  | { ok: true; latitude: number; longitude: number }
  | { ok: false; refused: boolean; message: string };

const REFUSED = '您没有允许使用位置，所以查不了附近的。仍可以按城市查找；如需查找附近的，请点右上角“···”→“设置”，打开“位置信息”后再试。';
const FAILED = '暂时没能获取您的位置，请打开手机的定位后再试，或按城市查找。';
const NO_PRIVACY_CONSENT = '您没有同意隐私保护指引，所以查不了附近的。仍可以按城市查找；再点“查找我附近的”时可以重新选择同意。';

export async function getPosition(): Promise<PositionResult> {
  try {
    // gcj02: the coordinates wx.openLocation and the directory use.
    const res = await wx.getLocation({ type: 'gcj02' });
    return { ok: true, latitude: res.latitude, longitude: res.longitude };
  } catch (error) {
    const errMsg = String((error as { errMsg?: unknown } | null)?.errMsg ?? '');
    // errno 104: the resident said 不同意 on the privacy sheet (WeChat's privacy check).
    if ((error as { errno?: unknown } | null)?.errno === 104 || /privacy/i.test(errMsg)) return { ok: false, refused: true, message: NO_PRIVACY_CONSENT };
    const refused = /auth|deny|denied|permission|cancel/i.test(errMsg);
    return { ok: false, refused, message: refused ? REFUSED : FAILED };
  }
}
