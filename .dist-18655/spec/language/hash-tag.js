import { sampleMatchingBoth } from "./overlap.js";
import { buildFromPattern, compilePattern, exampleFor } from "./pattern.js";
import { escapeRegex, matchesEmpty, matchesType } from "./placeholder-types.js";
import { keySlot } from "./hash-slot.js";
/** A value of the type that contains `char`, or undefined if the type cannot contain it. */
export function valueContaining(type, char) {
    const v = sampleMatchingBoth(type.regex, `[^]*${escapeRegex(char)}[^]*`);
    return v !== undefined && matchesType(type, v) ? v : undefined;
}
export function tagFault(pattern, tag) {
    const parts = pattern.parts;
    for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        if (p.kind === 'placeholder') {
            if (p.name === tag) {
                const later = parts.slice(i + 1).some((q) => q.kind === 'literal' && q.text.includes('{'));
                return {
                    reason: later
                        ? `{${tag}} comes before the key's first '{', so it is not in the hash tag (write '{{{${tag}}}}')`
                        : `the pattern has no literal '{', so the whole key is hashed, not {${tag}} alone (write '{{{${tag}}}}')`,
                    params: {},
                };
            }
            // Prefer a value with a whole tag of its own ('{a}'), else any '{'.
            const both = sampleMatchingBoth(p.type.regex, '[^]*\\{[^}]+\\}[^]*');
            const v = both !== undefined && matchesType(p.type, both) ? both : valueContaining(p.type, '{');
            if (v !== undefined)
                return {
                    reason: `{${p.name}} comes before the hash tag and its type ${p.type.name} can contain '{' (e.g. '${v}'), which would start another hash tag`,
                    params: { [p.name]: v },
                };
            continue;
        }
        const j = p.text.indexOf('{');
        if (j < 0)
            continue;
        const next = parts[i + 1];
        const after = parts[i + 2];
        if (j === p.text.length - 1 &&
            next?.kind === 'placeholder' &&
            next.name === tag &&
            after?.kind === 'literal' &&
            after.text.startsWith('}'))
            return undefined;
        if (j < p.text.length - 1) {
            const close = p.text.indexOf('}', j + 1);
            const tagText = close > j + 1 ? `'${p.text.slice(j + 1, close)}'` : `text starting '${p.text.slice(j + 1)}'`;
            return { reason: `the key's first '{' is followed by the literal ${tagText}, so the hash tag is not {${tag}}`, params: {} };
        }
        if (next?.kind === 'placeholder' && next.name !== tag)
            return { reason: `the key's first '{...}' holds {${next.name}}, not {${tag}}`, params: {} };
        return { reason: `{${tag}} is not followed directly by the closing '}' of the hash tag`, params: {} };
    }
    return {
        reason: pattern.placeholders.includes(tag)
            ? `the pattern has no literal '{' before {${tag}}, so the whole key is hashed (write '{{{${tag}}}}')`
            : `the pattern has no hash tag, so the whole key is hashed`,
        params: {},
    };
}
/** Why a tag's type breaks the hash tag: it can be empty (an error: `{}` hashes the whole key) or hold braces. */
export function tagTypeFault(type) {
    if (matchesEmpty(type))
        return { empty: true, value: '', reason: `its type ${type.name} can be empty, and a key with an empty '{}' is hashed whole` };
    for (const c of ['}', '{']) {
        // Prefer a value with text on both sides of the brace ('a}b').
        const around = sampleMatchingBoth(type.regex, `[^{}]+\\${c}[^{}]+`);
        const v = around !== undefined && matchesType(type, around) ? around : valueContaining(type, c);
        if (v !== undefined)
            return {
                empty: false,
                value: v,
                reason: c === '}'
                    ? `its type ${type.name} can contain '}' (e.g. '${v}'): the hash tag then ends inside the value, so values that share the text before a '}' share a slot`
                    : `its type ${type.name} can contain '{' (e.g. '${v}'): keys still share a slot, but a tag value with braces is easy to misread`,
            };
    }
    return undefined;
}
const CANDIDATES = ['busy-beaver', 'a', 'b', 'x', 'run1', '1', '2', '42', 'abc', 'x_y', '0123456789abcdef0123456789abcdef'];
/** A few distinct values of a type, examples first. */
export function valuesOf(type, n = 8) {
    const out = new Set();
    for (const v of [...type.examples, ...(type.values ?? []), exampleFor(type), ...CANDIDATES]) {
        if (out.size >= n)
            break;
        if (matchesType(type, v))
            out.add(v);
    }
    return [...out];
}
/** A key of the pattern: given params, the rest from examples. Undefined if the params do not fit. */
export function keyOf(pattern, params) {
    const all = {};
    for (const part of pattern.parts)
        if (part.kind === 'placeholder')
            all[part.name] = params[part.name] ?? exampleFor(part.type);
    try {
        return buildFromPattern(pattern, all);
    }
    catch {
        return undefined;
    }
}
/** Two keys of the group with the same tag value in different slots, described; undefined if none was found. */
export function splitExample(bad, fault, others, tag, tagType) {
    const show = (k, m) => `'${k}' (${m}) is in slot ${keySlot(k)}`;
    for (const v of valuesOf(tagType)) {
        const k1 = keyOf(bad.pattern, { ...fault.params, [tag]: v });
        if (k1 === undefined)
            continue;
        for (const o of others) {
            const k2 = keyOf(o.pattern, { [tag]: v });
            if (k2 !== undefined && keySlot(k2) !== keySlot(k1))
                return `for ${tag} = '${v}', ${show(k1, bad.name)} but ${show(k2, o.name)}`;
        }
        // No other member to compare with: two keys of this one, differing elsewhere.
        for (const part of bad.pattern.parts) {
            if (part.kind !== 'placeholder' || part.name === tag || part.name in fault.params)
                continue;
            for (const w of valuesOf(part.type)) {
                const k2 = keyOf(bad.pattern, { ...fault.params, [tag]: v, [part.name]: w });
                if (k2 !== undefined && keySlot(k2) !== keySlot(k1))
                    return `for ${tag} = '${v}', ${show(k1, bad.name)} but ${show(k2, bad.name)}`;
            }
        }
        if (keySlot(k1) !== keySlot(v))
            return `for ${tag} = '${v}', ${show(k1, bad.name)} but a key tagged '{${v}}' is in slot ${keySlot(v)}`;
    }
    return undefined;
}
/**
 * The pattern with its tag placeholder wrapped in a hash tag (`locked:{runid}` -> `locked:{{{runid}}}`),
 * when that alone fixes it; undefined otherwise (e.g. an earlier placeholder can hold a `{`).
 */
export function taggedPatternText(pattern, tag) {
    const at = pattern.parts.findIndex((p) => p.kind === 'placeholder' && p.name === tag);
    if (at < 0)
        return undefined;
    const parts = [
        ...pattern.parts.slice(0, at),
        { kind: 'literal', text: '{' },
        pattern.parts[at],
        { kind: 'literal', text: '}' },
        ...pattern.parts.slice(at + 1),
    ];
    const merged = [];
    for (const p of parts) {
        const last = merged[merged.length - 1];
        if (p.kind === 'literal' && last?.kind === 'literal')
            merged[merged.length - 1] = { kind: 'literal', text: last.text + p.text };
        else
            merged.push(p);
    }
    if (tagFault(compilePattern(pattern.text, merged), tag))
        return undefined;
    // The written placeholder, `{runid}` or `{runid:type}`, found where the parts put it.
    const m = new RegExp(`(?<!\\{)\\{${tag}(?::[A-Za-z_][A-Za-z0-9_.-]*)?\\}`).exec(pattern.text);
    return m ? `${pattern.text.slice(0, m.index)}{{${m[0]}}}${pattern.text.slice(m.index + m[0].length)}` : undefined;
}
//# sourceMappingURL=hash-tag.js.map