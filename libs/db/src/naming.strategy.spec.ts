import { SnakeNamingStrategy } from './naming.strategy';

describe('SnakeNamingStrategy', () => {
  const naming = new SnakeNamingStrategy();
  it('snake-cases columns and tables', () => {
    expect(naming.columnName('salaryExpectationMin', undefined, [])).toBe('salary_expectation_min');
    expect(naming.columnName('x', 'cv_url', [])).toBe('cv_url');
    expect(naming.tableName('CandidateCv', undefined)).toBe('candidate_cv');
    expect(naming.tableName('CandidateCv', 'candidate_cvs')).toBe('candidate_cvs');
  });
});
