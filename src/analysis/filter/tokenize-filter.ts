// Splits an ss filter into words. ss joins its arguments and splits on blanks
// (misc/ssfilter.y yylex); tcpdoc also splits parentheses glued to words, so
// '(dport' and ':443)' work, and a '!' glued to a keyword ('!sport').

export interface FilterToken {
  text: string;
  // 1-based column of the token in the argv words joined by single spaces.
  column: number;
}

// Upper bound on filter length, so hostile input stays cheap to parse.
export const MAX_FILTER_TOKENS = 10_000;

// Words from argv (each may hold several tokens) or from one string.
export function tokenizeFilter(input: string | readonly string[]): FilterToken[] {
  const words = typeof input === 'string' ? [input] : input;
  const tokens: FilterToken[] = [];
  let base = 0;
  for (const word of words) {
    const re = /[^ \t\r\n]+/g;
    for (let m = re.exec(word); m !== null; m = re.exec(word)) {
      splitGlued(m[0], base + m.index + 1, tokens);
    }
    base += word.length + 1;
  }
  return tokens;
}

// Peels leading '(' and '!' and trailing ')' off a blank-separated word.
function splitGlued(word: string, column: number, out: FilterToken[]): void {
  let start = 0;
  let end = word.length;
  const head: FilterToken[] = [];
  while (start < end) {
    const c = word[start];
    if (c === '(') {
      head.push({ text: '(', column: column + start });
      start++;
    } else if (c === '!' && end - start > 1 && word[start + 1] !== '=' && /[a-z(]/i.test(word[start + 1] ?? '')) {
      head.push({ text: '!', column: column + start });
      start++;
    } else {
      break;
    }
  }
  const tail: FilterToken[] = [];
  while (end > start && word[end - 1] === ')') {
    end--;
    tail.unshift({ text: ')', column: column + end });
  }
  out.push(...head);
  if (end > start) out.push({ text: word.slice(start, end), column: column + start });
  out.push(...tail);
}
