// yaml.v3's scalar analysis (emitterc.go yaml_emitter_analyze_scalar): which
// styles a scalar's characters allow.
import { runeLen } from "../utf8.js";
import { isBlank, isBlankOrBreakOrNul, isBreak, isPrintable } from "./chars.js";

export interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
  byteLength: number;
}

export function analyzeScalar(cps: number[]): ScalarAnalysis {
  let byteLength = 0;
  for (const cp of cps) byteLength += runeLen(cp);

  if (cps.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false, byteLength };
  }

  let blockIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  const startsWith3 = (c: number) => cps.length >= 3 && cps[0] === c && cps[1] === c && cps[2] === c;
  if (startsWith3(0x2d /* - */) || startsWith3(0x2e /* . */)) {
    blockIndicators = true;
  }

  let precededByWhitespace = true;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    const last = i === cps.length - 1;
    const followedByWhitespace = last || isBlank(cps[i + 1]!);
    const ch = String.fromCodePoint(cp);

    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) {
        blockIndicators = true;
      } else if (ch === "?" || ch === ":") {
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === "-") {
        if (followedByWhitespace) blockIndicators = true;
      }
    } else if (ch === ":") {
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === "#") {
      if (precededByWhitespace) blockIndicators = true;
    }
    // (Flow indicators only matter inside flow collections, which this
    // encoder never writes scalars into.)

    if (cp === 0x09) {
      tabCharacters = true;
    } else if (!isPrintable(cp)) {
      specialCharacters = true;
    }

    if (cp === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(cp)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }

    precededByWhitespace = isBlankOrBreakOrNul(cp);
  }

  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;

  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) blockAllowed = false;
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;

  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed, byteLength };
}
