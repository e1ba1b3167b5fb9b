// Timestamps: yaml.v3 tries time.Parse with four layouts on values that
// start with "YYYY-".
import { isDigitChar } from "./chars.js";

interface Cursor {
  v: string;
}

/** time's getnum(value, fixed=false): one or two leading digits. */
function getnum(c: Cursor): number | undefined {
  if (!isDigitChar(c.v[0])) return undefined;
  if (!isDigitChar(c.v[1])) {
    const n = c.v.charCodeAt(0) - 48;
    c.v = c.v.slice(1);
    return n;
  }
  const n = (c.v.charCodeAt(0) - 48) * 10 + (c.v.charCodeAt(1) - 48);
  c.v = c.v.slice(2);
  return n;
}

function expectLiteral(c: Cursor, lit: string): boolean {
  if (!c.v.startsWith(lit)) return false;
  c.v = c.v.slice(lit.length);
  return true;
}

function daysIn(month: number, year: number): number {
  if (month === 2) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return leap ? 29 : 28;
  }
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

type TimeLayout = "T" | "t" | " " | "date";

function parsesAsTimestamp(s: string, layout: TimeLayout): boolean {
  const c: Cursor = { v: s };
  // "2006": exactly four characters, parsed as a number.
  if (c.v.length < 4 || !/^[0-9]{4}/.test(c.v)) return false;
  const year = Number(c.v.slice(0, 4));
  c.v = c.v.slice(4);
  if (!expectLiteral(c, "-")) return false;
  const month = getnum(c);
  if (month === undefined || month < 1 || month > 12) return false;
  if (!expectLiteral(c, "-")) return false;
  const day = getnum(c);
  if (day === undefined) return false;

  if (layout !== "date") {
    if (layout === " ") {
      // A space in a Go layout matches any run of spaces (or nothing at the
      // end of the input).
      if (c.v.length > 0 && c.v[0] !== " ") return false;
      c.v = c.v.replace(/^ +/, "");
    } else if (!expectLiteral(c, layout)) {
      return false;
    }
    const hour = getnum(c);
    if (hour === undefined || hour >= 24) return false;
    if (!expectLiteral(c, ":")) return false;
    const minute = getnum(c);
    if (minute === undefined || minute >= 60) return false;
    if (!expectLiteral(c, ":")) return false;
    const second = getnum(c);
    if (second === undefined || second >= 60) return false;
    // ".999999999": optional fraction, any number of digits.
    if (c.v.length >= 2 && (c.v[0] === "." || c.v[0] === ",") && isDigitChar(c.v[1])) {
      let i = 1;
      while (i < c.v.length && isDigitChar(c.v[i])) i++;
      c.v = c.v.slice(i);
    }
    if (layout !== " ") {
      // "Z07:00"
      if (c.v[0] === "Z") {
        c.v = c.v.slice(1);
      } else {
        if (c.v.length < 6 || c.v[3] !== ":") return false;
        const sign = c.v[0];
        const hh = c.v.slice(1, 3);
        const mm = c.v.slice(4, 6);
        if (!/^[0-9]{2}$/.test(hh) || !/^[0-9]{2}$/.test(mm)) return false;
        if (Number(hh) > 24 || Number(mm) > 60) return false;
        if (sign !== "+" && sign !== "-") return false;
        c.v = c.v.slice(6);
      }
    }
  }
  if (c.v.length !== 0) return false;
  return day >= 1 && day <= daysIn(month, year);
}

export function isGoTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  return (["T", "t", " ", "date"] as const).some((layout) => parsesAsTimestamp(s, layout));
}
