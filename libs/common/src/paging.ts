/** Numbered paging (page 1 first), as every list request and page answer of the services has it. */

/** The rows to skip to reach `page`. */
export function pageOffset(page: number, limit: number): number {
  return (page - 1) * limit;
}

/** The paging fields a page answer carries after its items. */
export function pageFields(
  total: number,
  page: number,
  limit: number,
): { total: number; page: number; limit: number; total_pages: number } {
  return { total, page, limit, total_pages: Math.ceil(total / limit) };
}
