import { EndpointHandler } from './bksb-request';
import { pageOf, readPaging } from './paging';
import { jsonReply } from './sandbox-reply';

/** GET userGroups/search?page&recordsPerPage&query=Q: groups whose name contains Q, paged. */
export const userGroups: EndpointHandler = (state, request) => {
  const paged = readPaging(request.query);
  if ('refusal' in paged) return paged.refusal;
  const { items, pagination } = pageOf(state.store.searchUserGroups(request.query.get('query') ?? ''), paged.paging);
  return jsonReply({
    UserGroups: items.map((group) => ({
      UserGroupId: group.userGroupId,
      Name: group.name,
      Description: group.description,
      NumberOfUsers: group.numberOfUsers,
    })),
    Pagination: pagination,
  });
};
