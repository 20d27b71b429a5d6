import { type ErrorCode, messageOf } from './error-code';

/** Field path (dot-separated, e.g. `applicant.idNumber`) → what is wrong with it, in Chinese. */
export type FieldErrors = Record<string, string>;

export interface AppError {
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
  /** Present on SYSTEM.INTERNAL only, so a resident can quote it to the hotline. */
  requestId?: string;
}

/** The envelope every cloud function answers with, exactly what `callFunction` gives as `result`. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail<T = never>(code: ErrorCode, fields?: FieldErrors, message?: string): Result<T> {
  const error: AppError = { code, message: message ?? messageOf(code) };
  if (fields && Object.keys(fields).length > 0) error.fields = fields;
  return { ok: false, error };
}

export function appError(code: ErrorCode, fields?: FieldErrors): AppError {
  const error: AppError = { code, message: messageOf(code) };
  if (fields && Object.keys(fields).length > 0) error.fields = fields;
  return error;
}
