import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, DirectoryPerson, Page, pageWindow, PEOPLE_DIRECTORY, PeopleDirectory, PersonType, syncWindowStart } from '@picsweb/common';
import { In, Repository } from 'typeorm';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbAssessmentResult } from '../entities/bksb-assessment-result.entity';
import { BksbSessionCheck } from '../entities/bksb-session-check.entity';
import { eligiblePages } from '../services/eligible-pages';
import { AssessmentProgress, progressOf } from '../rules/assessment-progress';
import { CHASED_SUBJECTS, ChasedSubject, ChasedSubjectKey } from '../domain/bksb-domain';
import { LoginDetailsView, loginDetailsView } from './login-details-view';

const SUBJECT_OF_KEY: Record<ChasedSubjectKey, ChasedSubject> = { english: 'English', maths: 'Maths' };

export interface ChaseListQuery {
  personType?: PersonType;
  /** Only people who have not done this subject; else those who have not done either. */
  subject?: ChasedSubjectKey;
  page?: number;
  pageSize?: number;
}

export interface ChaseListItem {
  personType: PersonType;
  id: string;
  firstName: string;
  lastName: string;
  /** Their email address in PICSWeb, where login details go. */
  email: string | null;
  /** When the bksb account was made or linked: how long they have been waiting. */
  accountSince: Date;
  /** When the mail server accepted the latest login details email (loginDetails.sentAt). */
  loginDetailsSentAt: Date | null;
  loginDetails: LoginDetailsView;
  /** Send login details works only for an account PICSWeb made (its password is the default one). */
  createdByPics: boolean;
  english: AssessmentProgress;
  maths: AssessmentProgress;
}

// The plugin's own tables decide who is on the list; the host pages and filters by them (SQL on a
// person id column). Subjects are constants, never input.
const withActiveAccount = (person: string) =>
  `EXISTS (SELECT 1 FROM bksb_account_links chase_link WHERE chase_link.person_id = ${person} AND chase_link.state = 'active')`;
/** Done: an initial result of the subject, or a finished session (for the linked bksb user) whose result is still to come. */
const done = (subject: ChasedSubject) => (person: string) =>
  `(EXISTS (SELECT 1 FROM bksb_assessment_results chase_result WHERE chase_result.person_id = ${person} AND chase_result.kind = 'initial' AND chase_result.subject = '${subject}')` +
  ` OR EXISTS (SELECT 1 FROM bksb_session_checks chase_check JOIN bksb_account_links chase_owner ON chase_owner.person_id = chase_check.person_id AND chase_owner.bksb_user_id = chase_check.bksb_user_id` +
  ` WHERE chase_check.person_id = ${person} AND chase_check.subject = '${subject}' AND chase_check.state = 'finished'))`;
const accountSince = (person: string) => `(SELECT chase_since.created_at FROM bksb_account_links chase_since WHERE chase_since.person_id = ${person})`;

function chased(subject: ChasedSubjectKey | undefined): (person: string) => string {
  const subjects = subject ? [SUBJECT_OF_KEY[subject]] : CHASED_SUBJECTS;
  return (person) => `${withActiveAccount(person)} AND (${subjects.map((s) => `NOT ${done(s)(person)}`).join(' OR ')})`;
}

/**
 * Who to chase: eligible people with a bksb account who have not done their initial
 * English or Maths assessment, longest waiting first, with where each is in each
 * subject (from their results and the sessions the sync last read).
 */
@Injectable()
export class BksbChaseListService {
  constructor(
    @InjectRepository(BksbAccountLink) private readonly links: Repository<BksbAccountLink>,
    @InjectRepository(BksbAssessmentResult) private readonly results: Repository<BksbAssessmentResult>,
    @InjectRepository(BksbSessionCheck) private readonly checks: Repository<BksbSessionCheck>,
    private readonly clock: Clock,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
  ) {}

  async list(organisationId: string, query: ChaseListQuery): Promise<Page<ChaseListItem>> {
    const { page, pageSize, skip } = pageWindow(query);
    const found = await this.window(organisationId, query, skip, pageSize);
    return { items: await this.items(organisationId, found.items), total: found.total, page, pageSize };
  }

  /** The whole list for a download, a page at a time by id. */
  async *everyone(organisationId: string, query: ChaseListQuery): AsyncGenerator<ChaseListItem[]> {
    const people = eligiblePages(this.people, organisationId, syncWindowStart(this.clock.now()), { type: query.personType, where: chased(query.subject) });
    for await (const page of people) yield await this.items(organisationId, page);
  }

  private window(organisationId: string, query: ChaseListQuery, skip: number, take: number) {
    return this.people.pageEligible(organisationId, syncWindowStart(this.clock.now()), {
      skip,
      take,
      type: query.personType,
      where: chased(query.subject),
      orderBy: accountSince,
    });
  }

  private async items(organisationId: string, people: DirectoryPerson[]): Promise<ChaseListItem[]> {
    if (people.length === 0) return [];
    const ids = people.map((person) => person.id);
    const [links, results, checks] = await Promise.all([
      this.links.findBy({ organisationId, personId: In(ids) }),
      this.results.find({ where: { organisationId, personId: In(ids), kind: 'initial', subject: In([...CHASED_SUBJECTS]) }, select: { personId: true, subject: true } }),
      this.checks.findBy({ organisationId, personId: In(ids) }),
    ]);
    const linkOf = new Map(links.map((link) => [link.personId, link]));
    const withResult = new Set(results.map((result) => `${result.personId}:${result.subject}`));
    // A check counts only for the bksb user it was read for (the person may have been relinked since).
    const checkOf = new Map(checks.filter((check) => check.bksbUserId === linkOf.get(check.personId)?.bksbUserId).map((check) => [`${check.personId}:${check.subject}`, check.state]));
    // flatMap: an account unlinked since the page was read leaves its person out.
    return people.flatMap((person) => {
      const link = linkOf.get(person.id);
      if (!link) return [];
      const progress = (subject: ChasedSubject) => progressOf(withResult.has(`${person.id}:${subject}`), checkOf.get(`${person.id}:${subject}`) ?? null);
      return {
        personType: person.type,
        id: person.id,
        firstName: person.firstName,
        lastName: person.lastName,
        email: person.email,
        accountSince: link.createdAt,
        loginDetailsSentAt: link.loginDetailsSentAt,
        loginDetails: loginDetailsView(link),
        createdByPics: link.createdByPics,
        english: progress('English'),
        maths: progress('Maths'),
      };
    });
  }
}
