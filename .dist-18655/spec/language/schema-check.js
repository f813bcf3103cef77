import { makeDiagnostic } from "./diagnostics.js";
import { keyspecSchemaValidator, KEYSPEC_SCHEMA } from "./precompiled-validators.js";
export { KEYSPEC_SCHEMA };
const validator = keyspecSchemaValidator;
export function checkSchema(source, data = source.data) {
    const validate = validator();
    if (validate(data))
        return [];
    const errors = validate.errors ?? [];
    const byPath = new Map();
    for (const e of errors) {
        const list = byPath.get(e.instancePath) ?? [];
        list.push(e);
        byPath.set(e.instancePath, list);
    }
    const paths = [...byPath.keys()];
    const diagnostics = [];
    for (const p of paths) {
        let group = byPath.get(p) ?? [];
        const hasDeeper = paths.some((q) => q !== p && q.startsWith(p + '/'));
        if (hasDeeper) {
            // Where a deeper node failed, errors here are usually the other branches of an anyOf failing
            // too; keep only structural errors of a node that is not an anyOf/oneOf alternative.
            if (group.some((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf'))
                continue;
            group = group.filter((e) => !TYPE_LIKE.has(e.keyword));
            if (group.length === 0)
                continue;
        }
        diagnostics.push(...describe(source, decodePath(p), group));
    }
    if (diagnostics.length === 0) {
        // ajv said no but nothing was describable: never let an invalid spec pass silently.
        const e = errors[0];
        diagnostics.push(makeDiagnostic('KS010', source.locate(decodePath(e.instancePath)), `${label(decodePath(e.instancePath))} ${e.message ?? 'is invalid'}`));
    }
    return diagnostics;
}
function decodePath(pointer) {
    if (pointer === '')
        return [];
    return pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
function label(path) {
    if (path.length === 0)
        return 'the spec';
    return path
        .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
        .join('')
        .replace(/^\./, '');
}
const TYPE_LIKE = new Set(['type', 'const', 'enum', 'anyOf', 'oneOf', 'pattern', 'minimum', 'maximum']);
function describe(source, path, all) {
    const out = [];
    // Invalid names of map entries (type names, env var names): reported at the name itself.
    const badNames = all.filter((e) => e.keyword === 'propertyNames');
    for (const e of badNames) {
        const name = String(e.params.propertyName);
        const pattern = e.schema?.$ref?.endsWith('identifier')
            ? 'an identifier ([A-Za-z_][A-Za-z0-9_-]*)'
            : 'a valid name';
        out.push(makeDiagnostic('KS010', source.locate([...path, name], 'key'), `'${name}' in ${label(path)} is not ${pattern}`, 'Rename it: letters, digits, `_` and `-`, not starting with a digit.'));
    }
    const errors = badNames.length
        ? all.filter((e) => e.keyword !== 'propertyNames' &&
            !(e.keyword === 'pattern' &&
                badNames.some((b) => e.params.pattern && String(b.params.propertyName) === String(e.data))))
        : all;
    if (errors.length === 0)
        return out;
    const structural = errors.filter((e) => !TYPE_LIKE.has(e.keyword));
    if (structural.length > 0) {
        for (const e of structural) {
            if (e.keyword === 'additionalProperties') {
                const prop = String(e.params.additionalProperty);
                const known = Object.keys(e.parentSchema?.properties ?? {});
                const guess = closest(prop, known);
                out.push(makeDiagnostic('KS011', source.locate([...path, prop], 'key'), `unknown property '${prop}' in ${label(path)}`, guess ? `Did you mean '${guess}'?` : known.length ? `Allowed here: ${known.join(', ')}.` : undefined));
            }
            else if (e.keyword === 'required') {
                const prop = String(e.params.missingProperty);
                out.push(makeDiagnostic('KS012', source.locate(path), `${label(path)} is missing required property '${prop}'`, `Add '${prop}:'.`));
            }
            else if (e.keyword === 'propertyNames') {
                continue; // reported through the nested pattern error on the name
            }
            else {
                out.push(makeDiagnostic('KS010', source.locate(path), `${label(path)} ${e.message ?? 'is invalid'}`));
            }
        }
        return dedupe(out);
    }
    // Only type-like failures: say once what was expected here.
    const anyOf = errors.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
    const expected = anyOf ? anyOf.parentSchema?.['x-expected'] : undefined;
    const enumErr = errors.find((e) => e.keyword === 'enum');
    if (!anyOf && enumErr) {
        const allowed = enumErr.params.allowedValues;
        out.push(makeDiagnostic('KS013', source.locate(path), `${label(path)} must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(enumErr.data)})`, guessHint(enumErr.data, allowed)));
        return out;
    }
    if (expected) {
        out.push(makeDiagnostic('KS010', source.locate(path), `${label(path)}: expected ${expected}, got ${show(anyOf?.data)}`));
        return out;
    }
    const first = errors.find((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf') ?? errors[0];
    if (first) {
        if (first.keyword === 'pattern' && path[path.length - 1] !== undefined) {
            out.push(makeDiagnostic('KS010', source.locate(path), `${label(path)} ${first.message ?? 'is invalid'} (got ${show(first.data)})`));
        }
        else {
            out.push(makeDiagnostic('KS010', source.locate(path), `${label(path)} ${first.message ?? 'is invalid'}, got ${show(first.data)}`));
        }
    }
    return out;
}
function show(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'a list';
    if (typeof v === 'object')
        return 'a mapping';
    return JSON.stringify(v);
}
function guessHint(value, allowed) {
    if (typeof value !== 'string')
        return undefined;
    const g = closest(value, allowed.filter((a) => typeof a === 'string'));
    return g ? `Did you mean '${g}'?` : undefined;
}
function dedupe(list) {
    const seen = new Set();
    return list.filter((d) => {
        const k = `${d.id}|${d.line}|${d.column}|${d.message}`;
        if (seen.has(k))
            return false;
        seen.add(k);
        return true;
    });
}
/** The closest candidate by edit distance, if it is close enough to be a plausible typo. */
export function closest(word, candidates) {
    let best;
    let bestD = Infinity;
    for (const c of candidates) {
        const d = editDistance(word.toLowerCase(), c.toLowerCase());
        if (d < bestD) {
            bestD = d;
            best = c;
        }
    }
    return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}
function editDistance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return row[b.length];
}
//# sourceMappingURL=schema-check.js.map