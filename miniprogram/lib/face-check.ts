/**
 * The phone's part of 人脸核身: `wx.requestFacialVerify` with the server's verifyId. It only says
 * the check has ended; whether it passed the server asks WeChat (identity.confirm).
 */
export type FaceCheckEnd = { ended: true } | { ended: false; message: string };

const NO_PRIVACY_CONSENT = '您没有同意隐私保护指引，所以不能刷脸认证。再点“开始刷脸认证”时可以重新选择同意。';

export function runFaceCheck(verifyId: string): Promise<FaceCheckEnd> {
  return new Promise((resolve) => {
    if (typeof wx.requestFacialVerify !== 'function') {
      resolve({ ended: false, message: '当前微信版本不支持刷脸认证，请升级微信后重试' });
      return;
    }
    wx.requestFacialVerify({
      verifyId,
      // Success and failure both end the check: the server's answer decides, never this callback.
      success: () => resolve({ ended: true }),
      // Except errno 104, 不同意 on the privacy sheet: the face screen never opened.
      fail: (error: { errno?: number; errMsg?: string }) =>
        resolve(error?.errno === 104 || /privacy/i.test(String(error?.errMsg ?? '')) ? { ended: false, message: NO_PRIVACY_CONSENT } : { ended: true }),
    });
  });
}
