// Compiled, never run: test/diagnostics/code-type.test.ts runs tsc --noEmit
// over this file (tsconfig.json next to it). Each @ts-expect-error must meet
// an error, so the file compiles only while a code that is not in the
// catalogue does not.

import { MSG } from "../../src/diagnostics/catalogue/ignition.js";
import type { Code } from "../../src/diagnostics/catalogue/index.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { Message } from "../../src/diagnostics/message.js";

export const known: Code = "ignition.path.relative";
// @ts-expect-error: misspelled ("relativ")
export const misspelled: Code = "ignition.path.relativ";

export const fromEntry: Code = MSG.json("unexpected end of JSON input").code;

export const diagnostic: Diagnostic = { severity: "error", code: "legacy.nul-byte", message: "m", path: [] };
export const misspelledInDiagnostic: Diagnostic = {
  severity: "error",
  // @ts-expect-error: misspelled ("nul-bytes")
  code: "legacy.nul-bytes",
  message: "m",
  path: [],
};

const what: string = "luks";
export const builtInDiagnostic: Diagnostic = {
  severity: "error",
  // @ts-expect-error: a code built from a template is not a Code
  code: `butane.filter.${what}`,
  message: "m",
  path: [],
};

export const message: Message = { code: "cloudconfig.header", text: "t", hint: "h" };
// @ts-expect-error: misspelled ("headers")
export const misspelledInMessage: Message = { code: "cloudconfig.headers", text: "t", hint: "h" };
