import { CreateApplicantDto, CreateLearnerDto } from '../people/dto/person.dto';

export const NORTHFIELD_LEARNER_DOMAIN = 'northfield-learners.test';

export const DEMO_TAGS = ['FS English Assessed', 'FS Maths Assessed', 'FS ICT Assessed'];

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Learners and applicants covering every row of docs/api.md's eligibility table, with and
 * without email, dated relative to `today` so the rows stay true whenever the demo runs.
 */
export function demoPeople(today: string, domain: string): { learners: CreateLearnerDto[]; applicants: CreateApplicantDto[] } {
  const recent = addDays(today, -10);
  const old = addDays(today, -75);
  const email = (first: string, last: string) => `${first}.${last}@${domain}`.toLowerCase();
  const person = (firstName: string, lastName: string, withEmail = true) => ({
    firstName,
    lastName,
    email: withEmail ? email(firstName, lastName) : null,
    dateOfBirth: '2005-04-12',
  });
  return {
    learners: [
      { ...person('Amira', 'Khan'), learningStatus: 'InLearning', startDate: addDays(today, -200) },
      { ...person('Ben', 'Carter'), learningStatus: 'InLearning', startDate: addDays(today, -30) },
      { ...person('Chloe', 'Davies', false), learningStatus: 'InLearning', startDate: addDays(today, -90) },
      { ...person('Daniel', 'Evans'), learningStatus: 'Completed', endDate: recent },
      { ...person('Ella', 'Foster'), learningStatus: 'Withdrawn', endDate: old },
      { ...person('Finn', 'Green', false), learningStatus: 'BreakInLearning', endDate: null },
      { ...person('Grace', 'Hughes'), learningStatus: 'BreakInLearning', endDate: recent },
      { ...person('Harry', 'Irwin'), systemStatus: 'Archived', learningStatus: 'InLearning' },
    ],
    applicants: [
      { ...person('Isla', 'Jones'), applicationStatus: 'Open' },
      { ...person('Jack', 'King', false), applicationStatus: 'Open' },
      { ...person('Keira', 'Lewis'), applicationStatus: 'Withdrawn', closedOn: recent },
      { ...person('Liam', 'Morris'), applicationStatus: 'Converted', closedOn: old },
      { ...person('Maya', 'Nash', false), applicationStatus: 'Withdrawn', closedOn: null },
      { ...person('Noah', 'Owen'), systemStatus: 'Archived', applicationStatus: 'Open' },
    ],
  };
}
