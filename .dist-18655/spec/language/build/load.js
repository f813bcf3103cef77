/**
 * Loading one spec file: read it through the host, parse the YAML with positions, substitute
 * `{ $param: name }` nodes, and check the structure against the JSON Schema.
 */
import { makeDiagnostic } from "../diagnostics.js";
import { checkSchema } from "../schema-check.js";
import { parseSource } from "../source.js";
import { parseSeconds } from "../ttl-policy.js";
/** Parses and structurally checks a file; undefined when it cannot be used. */
export function loadFile(b, path, params) {
    const display = b.display(path);
    const read = b.host.read ? b.host.read(path) : { text: b.host.readFile(path) };
    if ('error' in read || read.text === undefined) {
        const why = 'error' in read ? read.error : undefined;
        const at = { file: display, line: ('error' in read && read.line) || 1, column: ('error' in read && read.column) || 1 };
        b.diagnostics.push(makeDiagnostic('KS003', at, `cannot read ${display}${why ? `: ${why}` : ''}`));
        return undefined;
    }
    const text = read.text;
    b.sources[display] = text;
    let parsed;
    try {
        parsed = parseSource(display, text);
    }
    catch (e) {
        if (!(e instanceof RangeError))
            throw e;
        const message = 'the YAML nests too deeply to be read';
        b.diagnostics.push(makeDiagnostic('KS001', { file: display, line: 1, column: 1 }, message, 'A spec nests a few levels deep; flatten it.'));
        return undefined;
    }
    b.files.push(display);
    b.diagnostics.push(...parsed.diagnostics);
    if (parsed.diagnostics.some((d) => d.severity === 'error'))
        return undefined;
    const file = parsed.source;
    let data = file.data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        b.report('KS010', file, [], 'a spec must be a YAML mapping', 'Start with `keyspec: 1` and `name: ...`.');
        return undefined;
    }
    const before = b.diagnostics.length;
    data = substituteParams(b, file, data, params);
    if (b.diagnostics.slice(before).some((d) => d.severity === 'error' && d.file === file.file))
        return undefined;
    let schemaDiags;
    try {
        schemaDiags = checkSchema(file, data);
    }
    catch (e) {
        if (!(e instanceof RangeError))
            throw e;
        b.report('KS010', file, [], 'the spec nests too deeply to be checked', 'A spec nests a few levels deep; flatten it.');
        return undefined;
    }
    b.diagnostics.push(...schemaDiags);
    if (schemaDiags.length > 0)
        return undefined;
    const raw = data;
    if (raw.keyspec !== 1) {
        b.report('KS014', file, ['keyspec'], `unsupported keyspec language version ${raw.keyspec}`);
        return undefined;
    }
    return { file, raw };
}
/** Replaces `{ $param: name }` nodes with the importer's values or the declared defaults. */
function substituteParams(b, file, data, given) {
    const declared = (data.params ?? {});
    const values = {};
    for (const [k, v] of Object.entries(declared))
        if (v && typeof v === 'object' && 'default' in v)
            values[k] = v.default;
    if (given) {
        for (const [k, v] of Object.entries(given.values)) {
            if (!(k in declared)) {
                b.report('KS162', given.file, [...given.path, k], `the library does not declare a parameter '${k}'`, `Declared: ${Object.keys(declared).join(', ') || 'none'}.`, 'key');
                continue;
            }
            const want = jsonKind(values[k]);
            if (want === 'an integer' && typeof v === 'string' && parseSeconds(v) !== undefined) {
                values[k] = parseSeconds(v);
                continue;
            }
            if (values[k] !== undefined && want !== jsonKind(v)) {
                b.report('KS162', given.file, [...given.path, k], `parameter '${k}' must be ${want} (like its default), got ${jsonKind(v)}`);
                continue;
            }
            values[k] = v;
        }
    }
    const walk = (node, path) => {
        if (Array.isArray(node))
            return node.map((x, i) => walk(x, [...path, i]));
        if (node && typeof node === 'object') {
            const o = node;
            const keys = Object.keys(o);
            if (keys.length === 1 && keys[0] === '$param' && path[0] !== 'params') {
                const name = String(o.$param);
                if (!(name in values)) {
                    b.report('KS162', file, path, `'$param: ${name}' refers to an undeclared parameter`, 'Declare it under `params:` with a default.');
                    return node;
                }
                return values[name];
            }
            const out = {};
            for (const k of keys)
                out[k] = walk(o[k], [...path, k]);
            return out;
        }
        return node;
    };
    return walk(data, []);
}
function jsonKind(v) {
    if (Array.isArray(v))
        return 'a list';
    if (v === null)
        return 'null';
    if (typeof v === 'object')
        return 'a mapping';
    if (typeof v === 'number')
        return Number.isInteger(v) ? 'an integer' : 'a number';
    return `a ${typeof v}`;
}
//# sourceMappingURL=load.js.map