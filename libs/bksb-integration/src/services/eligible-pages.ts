import { DirectoryPerson, EligibleFilter, PeopleDirectory } from '@picsweb/common';

/** People a read of the whole organisation asks the directory for at once. */
export const WHOLE_READ_PAGE = 500;

/**
 * Every eligible person the filter keeps, a page at a time by id (each page after the
 * last id read), for a read of the whole organisation: one indexed query per page, only
 * a page in memory, and nobody skipped or read twice when people come and go meanwhile.
 */
export async function* eligiblePages(people: PeopleDirectory, organisationId: string, windowStart: string, filter: EligibleFilter = {}): AsyncGenerator<DirectoryPerson[]> {
  for (let afterId: string | null = null; ; ) {
    const page = await people.pageSyncCandidates(organisationId, windowStart, { ...filter, afterId, limit: WHOLE_READ_PAGE });
    if (page.length > 0) yield page;
    if (page.length < WHOLE_READ_PAGE) return;
    afterId = page[page.length - 1].id;
  }
}
