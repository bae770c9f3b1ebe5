import { ResultKind, SandboxResult } from '../data/sandbox-records';
import { JsonValue } from '../sandbox-types';
import { EndpointHandler } from './bksb-request';
import { pageOf, readPaging, readUserId } from './paging';
import { jsonReply, textReply } from './sandbox-reply';
import { USER_NOT_FOUND } from './users-endpoints';

/** One result as bksb writes it: PascalCase, `AssessmentID`, zone-less ResultDate. */
export function resultItem(result: SandboxResult): Record<string, JsonValue> {
  const item: Record<string, JsonValue> = {
    SessionId: result.sessionId,
    CourseSubject: result.courseSubject,
    CourseName: result.courseName,
    ResultDate: result.resultDate,
    AssessmentName: result.assessmentName,
    AssessmentID: result.assessmentId,
    Result: result.result,
  };
  if (result.score !== undefined) item.Score = result.score;
  if (result.percentage !== undefined) item.Percentage = result.percentage;
  return { ...item, ...result.extra };
}

const ENVELOPE_KEY: Record<ResultKind, string> = {
  initial: 'InitialAssessmentResults',
  diagnostic: 'DiagnosticAssessmentResults',
};

/** GET results/{initial|diagnostic}Assessment/{userId}/all?page&recordsPerPage, newest first. */
function resultsEndpoint(kind: ResultKind): EndpointHandler {
  return (state, request) => {
    const userId = readUserId(request.params[0]);
    if (userId === undefined) return textReply(400, `The value '${request.params[0]}' is not valid for userId.`);
    const paged = readPaging(request.query);
    if ('refusal' in paged) return paged.refusal;
    const results = state.store.results(userId, kind);
    if (!results) return textReply(404, USER_NOT_FOUND);
    const { items, pagination } = pageOf(results, paged.paging);
    return jsonReply({ [ENVELOPE_KEY[kind]]: items.map(resultItem), Pagination: pagination });
  };
}

export const initialResults = resultsEndpoint('initial');
export const diagnosticResults = resultsEndpoint('diagnostic');
