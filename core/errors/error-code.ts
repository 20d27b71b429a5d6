/**
 * Stable error codes and the one Chinese message a resident reads for each.
 * Codes never change once shipped: clients and staff scripts match on them.
 */
export const ERROR_MESSAGES = {
  'REQUEST.INVALID': '填写的信息有误，请按提示修改后再提交',
  'REQUEST.NOT_JSON': '请求格式不正确，请稍后重试',
  'REQUEST.UNKNOWN_FUNCTION': '没有这项服务，请更新小程序后重试',
  'REQUEST.UNKNOWN_ACTION': '没有这项操作，请更新小程序后重试',
  'REQUEST.TOO_LARGE': '提交的内容过多，请精简后重试',
  'AUTH.NO_IDENTITY': '无法确认您的身份，请在微信内重新打开小程序',
  'AUTH.FORBIDDEN': '您没有办理这项业务的权限',
  'AUTH.NOT_STAFF': '该功能仅限医保经办机构工作人员使用',
  'AUTH.REGION_NOT_COVERED': '该备案不属于您负责的地区',
  'AUTH.OWN_CASE': '这条备案与您本人有关，请交由其他工作人员审核',
  'AUTH.NOT_VERIFIED': '工作人员需先完成实名认证，才能受理和审核备案',
  'REGION.UNKNOWN': '行政区划代码不存在，请重新选择地区',
  'REGION.SAME_PROVINCE': '参保地和就医地在同一省份，不属于跨省异地就医备案',
  'REGION.TREATMENT_LEVEL': '就医地请选择到省或地级市',
  'IDENTITY.INVALID_ID_NUMBER': '身份证号码不正确，请核对后重新填写',
  'IDENTITY.INVALID_PHONE': '手机号码不正确，请填写11位手机号',
  'IDENTITY.NOT_VERIFIED': '请先完成实名认证（核对姓名、身份证号并刷脸），再办理备案',
  'IDENTITY.APPLICANT_NOT_BOUND': '申请人需是您本人或已认证的家庭成员，请先添加家庭成员',
  'IDENTITY.SESSION_NOT_FOUND': '没有找到这次刷脸认证，请重新开始认证',
  'IDENTITY.SESSION_EXPIRED': '刷脸认证已超时，请重新开始认证',
  'IDENTITY.FACE_NOT_PASSED': '刷脸认证没有通过，请在光线充足处正对手机重试',
  'IDENTITY.FAMILY_FULL': '家庭成员已达上限，请先删除不再需要的成员',
  'IDENTITY.FAMILY_IS_SELF': '这是您本人的身份信息，不需要添加为家庭成员',
  'IDENTITY.FAMILY_NOT_FOUND': '没有找到这位家庭成员',
  'IDENTITY.VERIFIER_UNAVAILABLE': '刷脸认证服务暂时不可用，请稍后重试',
  'FILING.NOT_FOUND': '没有找到这条备案记录',
  'FILING.TYPE_NEEDS_PROOF': '这种备案类型需要上传证明材料',
  'FILING.COMMITMENT_NOT_ALLOWED': '这种备案类型不能用个人承诺代替证明材料，请上传证明材料',
  'FILING.COMMITMENT_REQUIRED': '这种备案类型需要签署个人承诺书',
  'FILING.COMMITMENT_MULTI_PLACE': '已在其他地方办理长期备案，再次备案不能用承诺制，请上传居住证明材料',
  'FILING.FIELD_REQUIRED': '请把这种备案类型需要的信息填写完整',
  'FILING.DATE_INVALID': '日期不正确，请重新选择',
  'FILING.END_DATE_OUT_OF_RANGE': '结束日期超出了备案有效期，请重新选择',
  'FILING.EMERGENCY_DEADLINE_PASSED': '已超过急诊入院后的备案期限，请联系参保地医保经办机构办理',
  'FILING.DUPLICATE_ACTIVE': '您已有一条同一就医省份的有效备案，无需重复办理',
  'FILING.REFILING_LOCKED': '以承诺方式办理的长期备案需满6个月才能重新备案',
  'FILING.CHANGE_LOCKED': '长期备案办理后一段时间内不能变更或取消，请到期后再办理',
  'FILING.AGENT_IS_APPLICANT': '代办人不能是申请人本人',
  'FILING.TRANSITION_NOT_ALLOWED': '这条备案当前的状态不能办理这项操作',
  'FILING.ALREADY_DECIDED': '这条备案已经审核完成，不能重复审核',
  'FILING.ALREADY_CLAIMED': '这条备案已由其他工作人员受理',
  'FILING.VERSION_CONFLICT': '这条备案刚刚发生了变化，请刷新后重试',
  'FILING.REASON_REQUIRED': '请填写原因，申请人会看到这段说明',
  'FILING.NOT_CLAIMED_BY_YOU': '请先受理这条备案再审核',
  'FILING.MATERIAL_NOT_YOURS': '只能使用您本人上传的材料',
  'IDEMPOTENCY.KEY_REUSED': '这次提交与之前的提交内容不一致，请刷新后重新提交',
  'STORAGE.FILE_NOT_FOUND': '没有找到这份材料',
  'STORAGE.FILE_TOO_LARGE': '材料文件太大，请压缩后再上传',
  'INSTITUTION.NOT_FOUND': '没有找到这家医药机构',
  'NOTIFICATION.NOT_FOUND': '没有找到这条消息',
  'SYSTEM.NETWORK': '网络不太好，请检查网络后重试',
  'SYSTEM.INTERNAL': '系统繁忙，请稍后重试；如仍有问题，请把页面上的编号告诉客服',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export function messageOf(code: ErrorCode): string {
  return ERROR_MESSAGES[code];
}
