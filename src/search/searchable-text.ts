/**
 * The part of a message's text that goes into the full-text index: its own words, without the
 * lines it quotes ("> …", RFC 3676 §4.5). Quoted text is the earlier message of the same
 * conversation, indexed there already, and search results are conversations; indexing it again
 * costs a quarter of the indexing time on the benchmark corpus and skews ranking towards long
 * reply chains. The stored text (and `show`) keep everything.
 *
 * Rows leave the index by restating what they were indexed with: changing this function needs
 * a migration that rebuilds message_search.
 */
export function searchableText(text: string): string {
  if (!text.includes('>')) return text;
  return text
    .split('\n')
    .filter((line) => !/^\s*>/.test(line))
    .join('\n');
}
