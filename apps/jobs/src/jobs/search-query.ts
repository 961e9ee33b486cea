import { Params } from '@app/db';

/** At most this many words of a search are used (longer searches are noise and cost). */
export const MAX_SEARCH_WORDS = 8;

/**
 * The words of a search: runs of letters and digits (any script), lower-cased, at most
 * MAX_SEARCH_WORDS of at most 50 characters. Everything else (tsquery operators included) is a
 * separator, so user text never reaches to_tsquery's syntax.
 */
export function searchWords(search: string | undefined): string[] {
  if (!search) return [];
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((w) => w.slice(0, 50)))].slice(0, MAX_SEARCH_WORDS);
}

/**
 * The tsquery SQL for a search, or undefined when it has no words. Each word matches as an
 * unaccented prefix (intowork_simple `word:*`, so "dev" finds "Développeur") OR its English stem OR
 * its French stem; the words are ANDed. plainto_tsquery of a stop word is empty and drops out of
 * the OR; a word that is only a stop word in both languages still has its prefix form.
 */
export function tsquerySql(words: string[], params: Params): string | undefined {
  if (words.length === 0) return undefined;
  const perWord = words.map((word) => {
    const p = params.add(word);
    return (
      `(to_tsquery('jobs.intowork_simple', ${p} || ':*') || ` +
      `plainto_tsquery('jobs.intowork_en', ${p}) || plainto_tsquery('jobs.intowork_fr', ${p}))`
    );
  });
  return `(${perWord.join(' && ')})`;
}

/** LIKE pattern for a case- and accent-insensitive substring match (wildcards in the input are literal). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
