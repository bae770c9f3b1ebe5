import { parseCreateUserForm } from './create-user-form';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const base = { Username: 'ann.lee', Firstname: 'Ann', Lastname: 'Lee', Password: 'Secret 1+', Email: 'ann@example.org' };

describe('parseCreateUserForm', () => {
  it('reads every field and the nested DateOfBirth parts', () => {
    const outcome = parseCreateUserForm(
      form({
        ...base,
        'DateOfBirth[Year]': '2004',
        'DateOfBirth[Month]': '3',
        'DateOfBirth[Day]': '17',
        'DateOfBirth[Hour]': '0',
        'DateOfBirth[Minute]': '0',
        'DateOfBirth[Second]': '0',
        'DateOfBirth[Millisecond]': '0',
        AutoEnrolCourses: 'true',
      }),
    );
    expect(outcome).toEqual({
      form: {
        username: 'ann.lee',
        firstname: 'Ann',
        lastname: 'Lee',
        password: 'Secret 1+',
        email: 'ann@example.org',
        dateOfBirth: '2004-03-17T00:00:00',
        autoEnrolCourses: true,
      },
    });
  });

  it('leaves the date of birth out when none of its parts is given, and AutoEnrolCourses false', () => {
    expect(parseCreateUserForm(form(base))).toMatchObject({ form: { dateOfBirth: null, autoEnrolCourses: false } });
  });

  it('keeps time parts and milliseconds when given', () => {
    const outcome = parseCreateUserForm(
      form({
        ...base,
        'DateOfBirth[Year]': '1999',
        'DateOfBirth[Month]': '12',
        'DateOfBirth[Day]': '31',
        'DateOfBirth[Hour]': '23',
        'DateOfBirth[Millisecond]': '5',
      }),
    );
    expect(outcome).toMatchObject({ form: { dateOfBirth: '1999-12-31T23:00:00.005' } });
  });

  it('refuses half a date, an impossible date and a part out of range', () => {
    expect(parseCreateUserForm(form({ ...base, 'DateOfBirth[Year]': '2004' }))).toEqual({
      problem: expect.stringContaining('DateOfBirth[Month]'),
    });
    expect(parseCreateUserForm(form({ ...base, 'DateOfBirth[Year]': '2003', 'DateOfBirth[Month]': '2', 'DateOfBirth[Day]': '29' }))).toEqual({
      problem: 'DateOfBirth 2003-02-29 is not a valid date.',
    });
    expect(parseCreateUserForm(form({ ...base, 'DateOfBirth[Year]': '2003', 'DateOfBirth[Month]': '13', 'DateOfBirth[Day]': '1' }))).toEqual({
      problem: "The value '13' is not valid for DateOfBirth[Month].",
    });
  });

  it('names every missing required field', () => {
    expect(parseCreateUserForm(form({ Username: 'ann', Firstname: ' ' }))).toEqual({
      problem: 'The request is invalid. The Firstname field is required. The Lastname field is required. The Password field is required.',
    });
  });

  it('refuses an AutoEnrolCourses that is not true or false, and a malformed email', () => {
    expect(parseCreateUserForm(form({ ...base, AutoEnrolCourses: 'yes' }))).toEqual({ problem: expect.stringContaining('AutoEnrolCourses') });
    expect(parseCreateUserForm(form({ ...base, Email: 'ann' }))).toEqual({ problem: expect.stringContaining('Email') });
  });

  it('binds field names in any letter case, and the dotted form of the date parts, as ASP.NET does', () => {
    const outcome = parseCreateUserForm(
      'username=ann&FIRSTNAME=Ann&lastname=Lee&password=x&DateOfBirth.Year=2001&dateofbirth.month=1&DateOfBirth%5Bday%5D=2',
    );
    expect(outcome).toMatchObject({ form: { username: 'ann', dateOfBirth: '2001-01-02T00:00:00' } });
  });
});
