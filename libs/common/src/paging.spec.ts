import { pageFields, pageOffset } from './paging';

describe('numbered paging', () => {
  it('skips the rows of the pages before', () => {
    expect(pageOffset(1, 20)).toBe(0);
    expect(pageOffset(3, 20)).toBe(40);
  });

  it('counts a partly filled last page, and no page when there is nothing', () => {
    expect(pageFields(41, 2, 20)).toEqual({ total: 41, page: 2, limit: 20, total_pages: 3 });
    expect(pageFields(40, 1, 20).total_pages).toBe(2);
    expect(pageFields(0, 1, 20).total_pages).toBe(0);
  });
});
