/**
 * CloudBase timer triggers take a 7-field cron expression: second, minute, hour, day of month,
 * month, day of week, year. Each field is `*`, a value, a range `a-b`, a step `x/n`, or a list of
 * those. Returns what is wrong, or undefined when CloudBase would accept it.
 */
const FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], first: 1 },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], first: 0 },
  { name: 'year', min: 1970, max: 2099 },
] as const;

type Field = (typeof FIELDS)[number];

function valueOf(field: Field, text: string): number | undefined {
  if ('names' in field) {
    const named = (field.names as readonly string[]).indexOf(text.toUpperCase());
    if (named >= 0) return named + field.first;
  }
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

function checkPart(field: Field, part: string): string | undefined {
  const [range = '', step, extra] = part.split('/');
  if (extra !== undefined) return `${field.name}: "${part}" has two steps`;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) return `${field.name}: step "${step}" is not a positive number`;
  if (range === '*') return undefined;
  const [from = '', to, more] = range.split('-');
  if (more !== undefined) return `${field.name}: "${range}" is not a range`;
  const a = valueOf(field, from);
  if (a === undefined) return `${field.name}: "${from}" is outside ${field.min}–${field.max}`;
  if (to === undefined) return undefined;
  const b = valueOf(field, to);
  if (b === undefined) return `${field.name}: "${to}" is outside ${field.min}–${field.max}`;
  return a <= b ? undefined : `${field.name}: range "${range}" runs backwards`;
}

export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) return `a timer needs 7 fields (second minute hour day month weekday year), "${expression}" has ${parts.length}`;
  for (const [i, field] of FIELDS.entries()) {
    for (const piece of parts[i]!.split(',')) {
      const problem = checkPart(field, piece);
      if (problem) return problem;
    }
  }
  return undefined;
}
