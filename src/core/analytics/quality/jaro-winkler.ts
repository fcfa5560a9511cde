/**
 * Jaro–Winkler similarity (Winkler 1990): the Jaro similarity of two strings — matching characters
 * within half the longer length, less half the transpositions — raised for a common prefix of up to
 * four characters by `prefixScale` (0.1, Winkler's value). 1 for equal strings, 0 for nothing in common.
 * @example
 * jaroWinkler('MARTHA', 'MARHTA'); // => 0.9611… (Winkler 1990)
 * jaroWinkler('DWAYNE', 'DUANE');  // => 0.84
 */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0 && t.length === 0) return 1;
  if (s.length === 0 || t.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(s.length, t.length) / 2) - 1);
  const sMatched = new Array<boolean>(s.length).fill(false);
  const tMatched = new Array<boolean>(t.length).fill(false);
  let matches = 0;
  for (let i = 0; i < s.length; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(t.length - 1, i + window); j++) {
      if (!tMatched[j] && s[i] === t[j]) {
        sMatched[i] = tMatched[j] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let halfTranspositions = 0;
  for (let i = 0; i < s.length; i++) {
    if (!sMatched[i]) continue;
    while (!tMatched[k]) k++;
    if (s[i] !== t[k]) halfTranspositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / s.length + m / t.length + (m - halfTranspositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, s.length, t.length) && s[prefix] === t[prefix]) prefix++;
  return jaro + prefix * prefixScale * (1 - jaro);
}
