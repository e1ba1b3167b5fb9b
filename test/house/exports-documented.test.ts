/**
 * House rule: every name `src/index.ts` exports (the library's public face)
 * carries a JSDoc comment where it is declared, so an editor's hover says
 * what it is. Read with the TypeScript compiler's own checker, which follows
 * re-exports to the declaration.
 */
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
};

/** The names `entry` exports whose declarations have no JSDoc comment. */
function undocumentedExports(entry: string): string[] {
  const program = ts.createProgram([entry], OPTIONS);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entry} is not a module`);
  const missing: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    // A `const` carries its comment on the statement, two levels up from its declaration.
    const documented = (symbol.getDeclarations() ?? []).some(
      (d) =>
        ts.getJSDocCommentsAndTags(d).length > 0 || (ts.isVariableDeclaration(d) && ts.getJSDocCommentsAndTags(d.parent.parent).length > 0),
    );
    if (!documented) missing.push(exported.getName());
  }
  return missing.sort();
}

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

describe("every export of the library is documented", () => {
  it("the check finds an undocumented export behind a re-export", () => {
    expect(undocumentedExports(path("../fixtures/house-exports/index.ts"))).toEqual(["undocumented"]);
  }, 60_000);

  it("src/index.ts exports nothing undocumented", () => {
    expect(undocumentedExports(path("../../src/index.ts"))).toEqual([]);
  }, 60_000);
});
