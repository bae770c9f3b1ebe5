import { UserFields } from '../data/sandbox-generators';

export type CreateUserForm = UserFields;

export type FormOutcome = { form: CreateUserForm } | { problem: string };

export const REQUIRED_FIELDS = ['Username', 'Firstname', 'Lastname', 'Password'] as const;

const DATE_OF_BIRTH_PARTS = ['Year', 'Month', 'Day', 'Hour', 'Minute', 'Second', 'Millisecond'] as const;
type DatePart = (typeof DATE_OF_BIRTH_PARTS)[number];

const PART_LIMITS: Record<DatePart, [number, number]> = {
  Year: [1, 9999],
  Month: [1, 12],
  Day: [1, 31],
  Hour: [0, 23],
  Minute: [0, 59],
  Second: [0, 59],
  Millisecond: [0, 999],
};

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * Field names are matched ignoring letter case, as ASP.NET model binding does; the
 * nested DateOfBirth parts may be written `DateOfBirth[Year]` or `DateOfBirth.Year`.
 */
function formFields(body: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body)) {
    const key = name.toLowerCase().replace(/\.(\w+)$/, '[$1]');
    if (!fields.has(key)) fields.set(key, value);
  }
  return fields;
}

function readDateOfBirth(fields: Map<string, string>): { value: string | null } | { problem: string } {
  const parts = new Map<DatePart, number>();
  for (const part of DATE_OF_BIRTH_PARTS) {
    const text = fields.get(`dateofbirth[${part.toLowerCase()}]`)?.trim();
    if (text === undefined || text === '') continue;
    const [min, max] = PART_LIMITS[part];
    const value = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) return { problem: `The value '${text}' is not valid for DateOfBirth[${part}].` };
    parts.set(part, value);
  }
  if (parts.size === 0) return { value: null };
  const year = parts.get('Year');
  const month = parts.get('Month');
  const day = parts.get('Day');
  if (year === undefined || month === undefined || day === undefined) {
    return { problem: 'DateOfBirth needs DateOfBirth[Year], DateOfBirth[Month] and DateOfBirth[Day] together.' };
  }
  const check = new Date(Date.UTC(2000, month - 1, day));
  check.setUTCFullYear(year);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return { problem: `DateOfBirth ${year}-${pad(month)}-${pad(day)} is not a valid date.` };
  }
  const millisecond = parts.get('Millisecond') ?? 0;
  const time = `${pad(parts.get('Hour') ?? 0)}:${pad(parts.get('Minute') ?? 0)}:${pad(parts.get('Second') ?? 0)}`;
  return {
    value: `${pad(year, 4)}-${pad(month)}-${pad(day)}T${time}${millisecond > 0 ? `.${pad(millisecond, 3)}` : ''}`,
  };
}

/** Reads createUser's form-encoded body, or says in plain words what is wrong with it. */
export function parseCreateUserForm(body: string): FormOutcome {
  const fields = formFields(body);
  const text = (name: string): string => fields.get(name.toLowerCase())?.trim() ?? '';
  const missing = REQUIRED_FIELDS.filter((name) => text(name) === '');
  if (missing.length > 0) {
    return { problem: `The request is invalid. ${missing.map((name) => `The ${name} field is required.`).join(' ')}` };
  }
  const email = text('Email');
  if (email !== '' && !EMAIL.test(email)) return { problem: 'The request is invalid. The Email field is not a valid e-mail address.' };
  const autoEnrol = text('AutoEnrolCourses').toLowerCase();
  if (autoEnrol !== '' && autoEnrol !== 'true' && autoEnrol !== 'false') {
    return { problem: `The value '${text('AutoEnrolCourses')}' is not valid for AutoEnrolCourses: give true or false.` };
  }
  const dateOfBirth = readDateOfBirth(fields);
  if ('problem' in dateOfBirth) return dateOfBirth;
  return {
    form: {
      username: text('Username'),
      firstname: text('Firstname'),
      lastname: text('Lastname'),
      password: fields.get('password') ?? '',
      email,
      dateOfBirth: dateOfBirth.value,
      autoEnrolCourses: autoEnrol === 'true',
    },
  };
}
