/**
 * aws-sdk-go's aws/arn package: IsARN ("arn:" prefix and at least five
 * colons) and Parse (strings.SplitN on ':' into six sections, the sixth,
 * the resource, keeping any further colons), with its error strings.
 */

export interface GoARN {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export type ParseARNResult = ({ ok: true } & GoARN) | { ok: false; error: string };

const PREFIX = "arn:";
const SECTIONS = 6;

/** arn.IsARN. */
export function isARN(s: string): boolean {
  if (!s.startsWith(PREFIX)) return false;
  let colons = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === ":") colons++;
  return colons >= SECTIONS - 1;
}

/** arn.Parse. */
export function parseARN(s: string): ParseARNResult {
  if (!s.startsWith(PREFIX)) return { ok: false, error: "arn: invalid prefix" };
  // strings.SplitN(s, ":", 6)
  const sections: string[] = [];
  let rest = s;
  while (sections.length < SECTIONS - 1) {
    const i = rest.indexOf(":");
    if (i < 0) break;
    sections.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  sections.push(rest);
  if (sections.length !== SECTIONS) return { ok: false, error: "arn: not enough sections" };
  return {
    ok: true,
    partition: sections[1]!,
    service: sections[2]!,
    region: sections[3]!,
    accountId: sections[4]!,
    resource: sections[5]!,
  };
}
