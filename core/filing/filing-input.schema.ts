import * as z from 'zod/mini';
import { FILING_TYPES } from './filing-type';
import { identifier, isoDate, mobilePhone, personName, regionCode, residentIdNumber, text } from '../validation/fields';

export const PersonSchema = z.object(
  {
    name: personName('姓名', 50),
    idNumber: residentIdNumber,
    phone: mobilePhone,
  },
  { error: '请填写申请人信息' },
);

export const AgentSchema = z.object(
  {
    name: personName('代办人姓名', 50),
    idNumber: residentIdNumber,
    phone: mobilePhone,
    relationship: text('代办人与申请人的关系', 20),
  },
  { error: '代办人信息不完整' },
);

export const ProofSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('commitment'),
      accepted: z.literal(true, '请阅读并同意个人承诺书'),
    }),
    z.object({
      kind: z.literal('documents'),
      fileIds: z.array(identifier('材料编号', 256), '请上传证明材料').check(
        z.minLength(1, '请至少上传一份证明材料'),
        z.maxLength(20, '证明材料最多20份'),
      ),
    }),
  ],
  { error: '请选择证明方式：上传材料或签署个人承诺书' },
);

export const HospitalSchema = z.object(
  {
    code: z.optional(z.string().check(z.regex(/^[A-Z]\d{11}$/, '医院编码不正确'))),
    name: text('医院名称', 50),
  },
  { error: '请填写医院' },
);

/** FilingInput, API v1: what a resident submits (and what `policy.check` judges). */
export const FilingInputSchema = z.object(
  {
    type: z.enum(FILING_TYPES, '请选择备案类型'),
    applicant: PersonSchema,
    insuredRegion: regionCode('参保地'),
    insuranceType: z.enum(['employee', 'resident'], '请选择险种：职工医保或城乡居民医保'),
    treatmentRegion: regionCode('就医地'),
    startDate: isoDate('开始日期'),
    endDate: z.optional(isoDate('结束日期')),
    residenceAddress: z.optional(text('居住地址', 100)),
    hospital: z.optional(HospitalSchema),
    diagnosis: z.optional(text('诊断', 100)),
    admissionDate: z.optional(isoDate('入院日期')),
    agent: z.optional(AgentSchema),
    memo: z.optional(text('备注', 200)),
    proof: ProofSchema,
  },
  { error: '请填写备案信息' },
);

export type FilingInput = z.output<typeof FilingInputSchema>;
export type Proof = z.output<typeof ProofSchema>;
