import { scrubIdNumbers } from '../../core/identity/scrub-id-numbers';

/**
 * Structured JSON logs. Every line passes through `redact`, so an ID number that slips into a
 * message or a cause is masked before it reaches stdout (PIPL: logs hold masked numbers only).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/**
 * The same masking as free text at the boundary (core/identity/scrub-id-numbers): every run of
 * 15+ digits, glued to letters, Chinese or other digits or not, loses its birth date and sequence.
 */
export function redact(text: string): string {
  return scrubIdNumbers(text);
}

export type LogSink = (line: string) => void;

export function createLogger(sink: LogSink = (line) => process.stdout.write(`${line}\n`), base: Record<string, unknown> = {}): Logger {
  const log = (level: LogLevel, event: string, fields: Record<string, unknown> = {}) => {
    const entry = { time: new Date().toISOString(), level, event, ...base, ...fields };
    sink(redact(JSON.stringify(entry, (_key, value: unknown) => (value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value))));
  };
  return {
    log,
    info: (event, fields) => log('info', event, fields),
    warn: (event, fields) => log('warn', event, fields),
    error: (event, fields) => log('error', event, fields),
  };
}
