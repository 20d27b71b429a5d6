import { ERROR_MESSAGES } from '../../../core/errors/error-code';
import type { Result } from '../../../core/errors/result';

const CHINESE = /[\u4e00-\u9fff]/;

/** What is wrong with a refusal (empty when it is a known code with Chinese messages, not INTERNAL). */
export function refusalProblems(result: Result<unknown>): string[] {
  if (result.ok) return [];
  const problems: string[] = [];
  const { code, message, fields } = result.error;
  if (!Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code)) problems.push(`unknown code ${String(code)}`);
  if (code === 'SYSTEM.INTERNAL') problems.push('SYSTEM.INTERNAL');
  if (typeof message !== 'string' || !CHINESE.test(message)) problems.push(`message not Chinese: ${String(message)}`);
  for (const [field, text] of Object.entries(fields ?? {})) {
    if (!CHINESE.test(text)) problems.push(`field ${field} message not Chinese: ${text}`);
  }
  return problems;
}
