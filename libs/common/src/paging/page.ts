import { ApiPropertyOptional } from '@nestjs/swagger';
import { WholeNumberQuery } from '../validation/whole-number';

export const MAX_PAGE_SIZE = 200;
/** Far beyond any real list; keeps the offset a database can take. */
export const MAX_PAGE = 1_000_000;

/** `?page=&pageSize=` of every paged list: page 1..1,000,000, pageSize 1..200 (default 50). */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @WholeNumberQuery(1, MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @WholeNumberQuery(1, MAX_PAGE_SIZE)
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageWindow(query: PageQueryDto): { page: number; pageSize: number; skip: number } {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  return { page, pageSize, skip: (page - 1) * pageSize };
}
