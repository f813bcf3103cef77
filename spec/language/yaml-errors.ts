/**
 * What a YAML syntax error means for someone writing a spec: the parser's message says what it saw,
 * this says what to do (for the common slips: a `: ` inside a plain value, a tab, a missing quote).
 */

/** A message and hint for a yaml parser error, by its code, with the text of the line it is on. */
export function explainYamlError(code: string, message: string, line: string): { message: string; hint?: string } {
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY': {
      const m = /^(\s*(?:- )?[^\s:#][^:#]*:\s+)(\S.*?)\s*$/.exec(line);
      if (m && /:\s/.test(m[2]!)) {
        const quoted = `'${m[2]!.replace(/'/g, "''")}'`;
        return {
          message: "a plain value contains ': ', which YAML reads as a nested mapping",
          hint: `Quote the value: ${m[1]!.trim()} ${quoted}`,
        };
      }
      return { message, hint: 'Indent nested mappings on their own lines, or quote a value that contains `: `.' };
    }
    case 'TAB_AS_INDENT':
      return { message, hint: 'Indent with spaces; YAML does not allow tabs for indentation.' };
    case 'MISSING_CHAR':
      if (/quote/i.test(message))
        return { message, hint: 'Close the quote on the same value, or use a block scalar (`>-`) for long text.' };
      return { message, hint: 'Check the line for a missing `:` after a key, or a `]` / `}` closing a flow collection.' };
    case 'BAD_SCALAR_START':
      return { message, hint: 'Quote the value: a plain YAML value cannot start with `@` or a backtick.' };
    case 'BAD_INDENT':
      return { message, hint: 'Align the line with its siblings, and close a flow collection (`[...]`, `{...}`) on the same value.' };
    case 'BLOCK_IN_FLOW':
      return { message, hint: 'Inside `[...]` or `{...}`, quote a value that contains `: ` or `- `.' };
    case 'MULTILINE_IMPLICIT_KEY':
      return { message, hint: 'Indent a value that continues on the next line further than its key, or quote it.' };
    default:
      return { message };
  }
}
