import type { FaceVerdict } from './face-verifier.port';

/** verify_ret 10000 is a pass; the 9xxxx codes of queryVerifyInfo say why not. */
const CANCELLED = new Set([90002, 90003, 90004, 90005, 90006]);
const DEVICE = new Set([90001, 90008, 90009, 90010, 90106, 90109]);

export function verdictOf(verifyRet: number): FaceVerdict {
  if (verifyRet === 10000) return { passed: true };
  if (CANCELLED.has(verifyRet)) return { passed: false, refusal: 'cancelled', verifyRet };
  if (DEVICE.has(verifyRet)) return { passed: false, refusal: 'device', verifyRet };
  return { passed: false, refusal: 'not_matched', verifyRet };
}

/** What the resident reads beside the generic refusal. */
export const FACE_REFUSAL_HINTS: Record<Exclude<FaceVerdict, { passed: true }>['refusal'], string> = {
  not_done: '还没有完成刷脸，请按提示完成刷脸后再试',
  cancelled: '刷脸已取消，请重新开始认证',
  not_matched: '刷脸结果与填写的姓名、身份证号不一致，请核对后重试',
  device: '手机无法完成刷脸（请允许使用摄像头和麦克风），换一台手机或稍后重试',
  mismatch: '这次刷脸认证的信息与申请不一致，请重新开始认证',
};
