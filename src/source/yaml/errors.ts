/**
 * Syntax errors as yaml.v3 prints them: `yaml: line N: PROBLEM`.
 *
 * libyaml keeps two 0-based marks per error, the context (where the
 * construct being read started) and the problem (where reading stopped).
 * yaml.v3 prints the context's line when it is not the first line, else the
 * problem's, else no line at all; scanner errors add one to it, parser
 * errors do not (so a parser error names the 0-based line of its context).
 */

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    /** The line yaml.v3 prints, or undefined when it prints none. */
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

/** An error found while reading characters: `contextLine` and `problemLine` are 0-based. */
export function scannerError(problem: string, contextLine: number, problemLine: number): YamlSyntaxError {
  const line = contextLine !== 0 ? contextLine + 1 : problemLine !== 0 ? problemLine + 1 : undefined;
  return new YamlSyntaxError(problem, line);
}

/** An error found while reading tokens; `contextLine` is -1 when the problem has no context. */
export function parserError(problem: string, contextLine: number, problemLine: number): YamlSyntaxError {
  const line = contextLine > 0 ? contextLine : problemLine > 0 ? problemLine : undefined;
  return new YamlSyntaxError(problem, line);
}

/** An error of the character decoder, which yaml.v3 prints without a line. */
export function readerError(problem: string): YamlSyntaxError {
  return new YamlSyntaxError(problem, undefined);
}
