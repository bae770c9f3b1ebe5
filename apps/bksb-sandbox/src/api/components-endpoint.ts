import { findCourse, LEVELS, SKILL_COMPONENTS } from '../data/assessment-catalog';
import { SandboxComponent, SandboxSession, UNFINISHED_DATE } from '../data/sandbox-records';
import { EndpointHandler } from './bksb-request';
import { readUserId } from './paging';
import { jsonReply, textReply } from './sandbox-reply';
import { USER_NOT_FOUND } from './users-endpoints';

const SHORT: Record<string, string> = { 'Below Entry 1': 'Below E1', 'Entry 1': 'E1', 'Entry 2': 'E2', 'Entry 3': 'E3', 'Level 1': 'L1', 'Level 2': 'L2', 'Level 3': 'L3' };
/** Steps from the assessed level, picked per component: most at it or one below, some two below, a few above. */
const STEPS = [-2, -1, -1, 0, 0, 0, 1];

/** A small stable hash, so a session's generated components never change between calls. */
const mix = (a: number, b: number) => (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x27d4eb2f, 0xc2b2ae35)) >>> 0;

/**
 * The components of a finished diagnostic the control API gave none for, made from the
 * session alone (nothing is stored): levels around the level the assessment's name
 * says, spelt as the course spells results (`Entry 3`, or `E3` on older courses); ICT
 * and digital diagnostics measure percentages, written `62%`.
 */
export function generatedComponents(session: SandboxSession): SandboxComponent[] {
  const course = findCourse(session.courseSubject);
  if (!course) return [];
  const assessed = Math.max(0, LEVELS.findIndex((level) => session.assessmentName.includes(level)));
  return SKILL_COMPONENTS[course.area].map((name, index) => {
    const hash = mix(session.sessionId, index);
    if (course.area === 'ict') return { name, measured: `${20 + (hash % 76)}%` };
    const level = LEVELS[Math.min(LEVELS.length - 1, Math.max(0, assessed + STEPS[hash % STEPS.length]))];
    return { name, measured: course.wording === 'modern' ? level : SHORT[level] };
  });
}

/**
 * GET assessmentSessions/GetEOAReportDataForAssessmentSessionV5?sessionId=S&userId=N: a
 * bare array of the components a finished diagnostic measured (`CourseComponentName`,
 * `AbilityMeasurement`, `MeasuringAssessmentName`, `MeasuredAt` in UK local time); an
 * unfinished session or one that is not a diagnostic answers an empty array, a session
 * the user does not have a plain-text 404.
 */
export const components: EndpointHandler = (state, request) => {
  const userIdText = request.query.get('userId');
  const userId = readUserId(userIdText);
  if (userId === undefined) return textReply(400, `The value '${userIdText ?? ''}' is not valid for userId.`);
  const sessionIdText = request.query.get('sessionId');
  const sessionId = readUserId(sessionIdText);
  if (sessionId === undefined) return textReply(400, `The value '${sessionIdText ?? ''}' is not valid for sessionId.`);
  const sessions = state.store.allSessions(userId);
  if (!sessions) return textReply(404, USER_NOT_FOUND);
  const session = sessions.find((s) => s.sessionId === sessionId);
  if (!session) return textReply(404, `No assessment session ${sessionId} for this user.`);
  if (session.assessmentType !== 2 || session.dateCompleted === UNFINISHED_DATE) return jsonReply([]);
  return jsonReply(
    (session.components ?? generatedComponents(session)).map((component) => ({
      CourseComponentName: component.name,
      AbilityMeasurement: component.measured,
      MeasuringAssessmentName: session.assessmentName,
      MeasuredAt: session.dateCompleted,
    })),
  );
};
