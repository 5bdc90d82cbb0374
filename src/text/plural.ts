// A count with its noun, for every message and log line that prints one: "1 rule", "2 rules".
// With the other text every layer shares (text/: operator files read with positions, words for people).

/** `n` and the noun in the number that fits: plural(1, 'rule') is "1 rule", plural(0, 'rule') "0 rules". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}
