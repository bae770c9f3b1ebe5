import { EndpointHandler } from './bksb-request';
import { readUserId } from './paging';
import { jsonReply, textReply } from './sandbox-reply';
import { USER_NOT_FOUND } from './users-endpoints';

/**
 * GET assessmentSessions/getAssessmentSessionsForCourseV5?courseSubject=ENG_NEW&userId=N:
 * a bare array, newest started first; DateCompleted `0001-01-01T00:00:00` while unfinished.
 */
export const sessions: EndpointHandler = (state, request) => {
  const courseSubject = request.query.get('courseSubject')?.trim();
  if (!courseSubject) return textReply(400, 'The courseSubject parameter is required.');
  const userIdText = request.query.get('userId');
  const userId = readUserId(userIdText);
  if (userId === undefined) return textReply(400, `The value '${userIdText ?? ''}' is not valid for userId.`);
  const found = state.store.sessions(userId, courseSubject);
  if (!found) return textReply(404, USER_NOT_FOUND);
  return jsonReply(
    found.map((session) => ({
      SessionId: session.sessionId,
      CourseSubject: session.courseSubject,
      AssessmentName: session.assessmentName,
      AssessmentType: session.assessmentType,
      DateStarted: session.dateStarted,
      DateCompleted: session.dateCompleted,
    })),
  );
};
