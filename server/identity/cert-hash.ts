import { createHash } from 'node:crypto';

/**
 * queryVerifyInfo's `cert_hash`: each of cert_type, cert_name, cert_no in standard base64, joined
 * as `cert_type=…&cert_name=…&cert_no=…`, then SHA-256 as lower-case hex (WeChat's 注意事项).
 */
export function certHash(name: string, idNumber: string, certType = 'IDENTITY_CARD'): string {
  const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
  return createHash('sha256').update(`cert_type=${b64(certType)}&cert_name=${b64(name)}&cert_no=${b64(idNumber)}`).digest('hex');
}
