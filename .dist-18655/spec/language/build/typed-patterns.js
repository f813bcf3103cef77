import { compilePattern, parsePatternText } from "../pattern.js";
import { backtrackingProblem, matchesEmpty, regexProblem } from "../placeholder-types.js";
import { parseFormat } from "../value-format.js";
export function compileIn(b, text, scope, file, path, what) {
    const { parts: rawParts, errors } = parsePatternText(text);
    for (const e of errors)
        b.report('KS113', file, path, e.message);
    if (errors.length)
        return undefined;
    const seen = new Set();
    const parts = [];
    let ok = true;
    rawParts.forEach((p, i) => {
        if (p.kind === 'literal') {
            parts.push(p);
            return;
        }
        if (seen.has(p.name)) {
            b.report('KS112', file, path, `placeholder {${p.name}} appears twice in '${text}'`);
            ok = false;
        }
        seen.add(p.name);
        const typeName = p.typeRef ?? p.name;
        const type = scope.resolve(typeName);
        if (!type) {
            // A declared type that failed to build was reported where it is declared.
            if (!scope.isDeclared(typeName))
                b.report('KS110', file, path, `placeholder {${p.name}${p.typeRef ? `:${p.typeRef}` : ''}} in '${text}' has no type '${typeName}'`);
            ok = false;
            return;
        }
        if (i > 0 && rawParts[i - 1]?.kind === 'placeholder') {
            b.report('KS115', file, path, `placeholders {${rawParts[i - 1].name}} and {${p.name}} are adjacent in '${text}'`);
        }
        if (what !== 'template' && matchesEmpty(type)) {
            b.report('KS118', file, path, `placeholder {${p.name}} has type '${type.name}', which matches the empty string`);
        }
        parts.push({ kind: 'placeholder', name: p.name, type });
    });
    if (!ok)
        return undefined;
    return compilePattern(text, parts);
}
/** How value formats resolve placeholder types and compile templates in this scope. */
export function formatContext(b, scope, file, base = []) {
    return {
        resolveType: (n) => scope.resolve(n),
        isDeclared: (n) => scope.isDeclared(n),
        compileTemplate: (text, path) => compileIn(b, text, scope, file, [...base, ...path], 'template'),
    };
}
export function formatIn(b, raw, scope, file, path) {
    const problems = [];
    const f = parseFormat(raw, formatContext(b, scope, file, path), problems);
    for (const p of problems)
        b.report(p.rule, file, [...path, ...p.path.filter((x) => x !== '')], p.message);
    reportSlowRegexes(b, raw, file, path);
    return f;
}
/** KS119 for each `regex:` format (also inside `anyOf`) that is valid but backtracks super-linearly. */
function reportSlowRegexes(b, raw, file, path) {
    if (!raw || typeof raw !== 'object')
        return;
    const o = raw;
    if (typeof o['regex'] === 'string' && regexProblem(o['regex']) === undefined) {
        const slow = backtrackingProblem(o['regex']);
        if (slow)
            b.report('KS119', file, [...path, 'regex'], `format: ${slow.message}`, slow.hint);
    }
    if (Array.isArray(o['anyOf']))
        o['anyOf'].forEach((x, i) => reportSlowRegexes(b, x, file, [...path, 'anyOf', i]));
}
//# sourceMappingURL=typed-patterns.js.map