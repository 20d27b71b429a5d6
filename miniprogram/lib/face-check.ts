/**
 * The phone's part of 人脸核身: `wx.requestFacialVerify` with the server's verifyId. It only says
 * the check has ended; whether it passed the server asks WeChat (identity.confirm).
 */
export type FaceCheckEnd = { ended: true } | { ended: false; message: string };

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
      fail: () => resolve({ ended: true }),
    });
  });
}
