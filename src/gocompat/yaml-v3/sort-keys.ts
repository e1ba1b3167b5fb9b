// Map key order (sorter.go keyList.Less for two strings).
import { runes } from "../utf8.js";

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetterCp(cp: number): boolean {
  return LETTER.test(String.fromCodePoint(cp));
}

function isDigitCp(cp: number): boolean {
  return DIGIT.test(String.fromCodePoint(cp));
}

function keyLess(a: number[], b: number[]): boolean {
  let digits = false;
  for (let i = 0; i < a.length && i < b.length; i++) {
    const ai0 = a[i]!;
    const bi0 = b[i]!;
    if (ai0 === bi0) {
      digits = isDigitCp(ai0);
      continue;
    }
    const al = isLetterCp(ai0);
    const bl = isLetterCp(bi0);
    if (al && bl) return ai0 < bi0;
    if (al || bl) return digits ? al : bl;
    // Neither is a letter: compare the digit runs starting here numerically
    // (int64 arithmetic, wrapping like Go's).
    let an = 0n;
    let bn = 0n;
    if (ai0 === 0x30 || bi0 === 0x30) {
      for (let j = i - 1; j >= 0 && isDigitCp(a[j]!); j--) {
        if (a[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < a.length && isDigitCp(a[ai]!); ai++) {
      an = BigInt.asIntN(64, an * 10n + BigInt(a[ai]! - 0x30));
    }
    let bi = i;
    for (; bi < b.length && isDigitCp(b[bi]!); bi++) {
      bn = BigInt.asIntN(64, bn * 10n + BigInt(b[bi]! - 0x30));
    }
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ai0 < bi0;
  }
  return a.length < b.length;
}

export function sortKeys(keys: string[]): string[] {
  const items = keys.map((k) => ({ k, cps: runes(k) }));
  if (items.length <= 12) {
    // Go's sort.Sort uses insertion sort for short inputs.
    for (let i = 1; i < items.length; i++) {
      for (let j = i; j > 0 && keyLess(items[j]!.cps, items[j - 1]!.cps); j--) {
        const t = items[j]!;
        items[j] = items[j - 1]!;
        items[j - 1] = t;
      }
    }
  } else {
    items.sort((x, y) => (keyLess(x.cps, y.cps) ? -1 : keyLess(y.cps, x.cps) ? 1 : 0));
  }
  return items.map((x) => x.k);
}
