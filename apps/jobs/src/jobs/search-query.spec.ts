import { containsPattern, MAX_SEARCH_WORDS, searchWords, tsquerySql } from './search-query';
import { Params } from '@app/db';

describe('search words and tsquery', () => {
  it('keeps letters and digits of any script, lower-cased, deduplicated', () => {
    expect(searchWords('  Développeur  NODE.js, développeur! ')).toEqual(['développeur', 'node', 'js']);
    expect(searchWords(undefined)).toEqual([]);
  });

  it('never lets tsquery syntax through', () => {
    expect(searchWords(`a:* & !b | (c) <-> 'd'`)).toEqual(['a', 'b', 'c', 'd']);
    expect(searchWords(`'&|!:*()`)).toEqual([]);
  });

  it('caps the number and length of words', () => {
    expect(searchWords(Array.from({ length: 20 }, (_v, i) => `w${i}`).join(' '))).toHaveLength(MAX_SEARCH_WORDS);
    expect(searchWords('x'.repeat(80))[0]).toHaveLength(50);
  });

  it('ORs the prefix, English and French forms of each word and ANDs the words, with bound parameters', () => {
    const params = new Params();
    params.add('published');
    const sql = tsquerySql(['software', 'développeur'], params)!;
    expect(params.values).toEqual(['published', 'software', 'développeur']);
    expect(sql).toBe(
      "((to_tsquery('jobs.intowork_simple', $2 || ':*') || plainto_tsquery('jobs.intowork_en', $2) || plainto_tsquery('jobs.intowork_fr', $2))" +
        " && (to_tsquery('jobs.intowork_simple', $3 || ':*') || plainto_tsquery('jobs.intowork_en', $3) || plainto_tsquery('jobs.intowork_fr', $3)))",
    );
    expect(tsquerySql([], new Params())).toBeUndefined();
  });

  it('escapes LIKE wildcards in a location', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});
