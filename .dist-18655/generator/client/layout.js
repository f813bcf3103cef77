/**
 * Line breaking for emitted code: a tiny document algebra (text, concatenation, bracketed lists and
 * operator chains) rendered flat when it fits in WIDTH columns, else broken one item per line. The
 * text is indented relative to its first line; ts-morph re-indents it where it is inserted.
 */
/** Longest line the emitter aims for. */
export const WIDTH = 120;
/** `{ a, b }` / `{` + one item per line + `}`. */
export function braces(items, sep = ',') {
    return items.length ? { kind: 'list', open: '{', items, close: '}', sep, pad: true } : '{}';
}
/** `[a, b]` / `[` + one item per line + `]`. */
export function brackets(items) {
    return { kind: 'list', open: '[', items, close: ']', sep: ',', pad: false };
}
/** `[a, b]` / `[` + lines packed with as many items as fit + `]`. */
export function filled(items) {
    return { kind: 'list', open: '[', items, close: ']', sep: ',', pad: false, fill: true };
}
/** `f(a, b)` / `f(` + one argument per line + `)`. */
export function call(callee, args) {
    return [callee, { kind: 'list', open: '(', items: args, close: ')', sep: ',', pad: false }];
}
/** `a | b | c`, broken with a leading operator per line. */
export function chain(op, items) {
    return items.length === 1 ? items[0] : { kind: 'chain', op, items };
}
/** `head body`, or the body on the next line, indented, when it does not fit (`(x) =>` + body). */
export function arrow(head, body) {
    return { kind: 'arrow', head, body };
}
function flat(d) {
    if (typeof d === 'string')
        return d;
    if (!Array.isArray(d) && d.kind === 'arrow')
        return `${d.head} ${flat(d.body)}`;
    if (Array.isArray(d))
        return d.map(flat).join('');
    if (d.kind === 'chain')
        return d.items.map(flat).join(` ${d.op} `);
    const inner = d.items.map(flat).join(`${d.sep} `);
    return d.pad ? `${d.open} ${inner} ${d.close}` : `${d.open}${inner}${d.close}`;
}
function indent(text) {
    return text.replace(/\n/g, '\n  ');
}
function lastLineLength(text) {
    return text.length - text.lastIndexOf('\n') - 1;
}
/**
 * Renders a doc starting at `column` on a line indented by `indentation`, keeping `reserve` columns free
 * after it on its last line (for a `;` or `,` that follows). The text's own line breaks are indented
 * relative to its first line.
 */
export function render(d, column = 0, reserve = 0, indentation = 0) {
    const f = flat(d);
    if (!f.includes('\n') && column + f.length + reserve <= WIDTH)
        return f;
    if (typeof d === 'string')
        return d;
    if (Array.isArray(d)) {
        let out = '';
        d.forEach((part, i) => {
            const col = out.includes('\n') ? indentation + lastLineLength(out) : column + out.length;
            out += render(part, col, i === d.length - 1 ? reserve : 0, indentation);
        });
        return out;
    }
    if (d.kind === 'arrow')
        return `${d.head}\n  ${indent(render(d.body, indentation + 2, reserve, indentation + 2))}`;
    if (d.kind === 'chain' && d.op === '&') {
        // `{ ...broken... } & { b } & C`: intersections stay on the line while they fit.
        let out = render(d.items[0], column, 0, indentation);
        for (const item of d.items.slice(1)) {
            const f = flat(item);
            const col = out.includes('\n') ? indentation + lastLineLength(out) : column + out.length;
            if (col + 3 + f.length + reserve <= WIDTH)
                out += ` & ${f}`;
            else
                out += `\n  & ${indent(render(item, indentation + 4, reserve, indentation + 2))}`;
        }
        return out;
    }
    if (d.kind === 'chain') {
        const last = d.items.length - 1;
        const lines = d.items.map((item, i) => `${d.op} ${indent(render(item, indentation + 4, i === last ? reserve : 0, indentation + 2))}`);
        return `\n  ${lines.map((l) => l.replace(/\n/g, '\n  ')).join('\n  ')}`;
    }
    const inner = indentation + 2;
    if (d.fill) {
        const lines = [];
        let line = '';
        for (const item of d.items.map((i) => `${flat(i)}${d.sep}`)) {
            if (line && inner + line.length + 1 + item.length > WIDTH) {
                lines.push(line);
                line = item;
            }
            else
                line = line ? `${line} ${item}` : item;
        }
        lines.push(line);
        return `${d.open}\n${lines.map((l) => `  ${l}`).join('\n')}\n${d.close}`;
    }
    const items = d.items.map((item) => `  ${indent(render(item, inner, d.sep.length, inner))}${d.sep}`);
    return `${d.open}\n${items.join('\n')}\n${d.close}`;
}
/** Wraps prose for a doc comment at `width` columns (long words such as URLs stay whole). */
export function wrap(text, width) {
    return text
        .split('\n')
        .map((line) => {
        const out = [];
        let cur = '';
        for (const word of line.split(' ')) {
            if (cur && cur.length + 1 + word.length > width) {
                out.push(cur);
                cur = word;
            }
            else
                cur = cur ? `${cur} ${word}` : word;
        }
        out.push(cur);
        return out.join('\n');
    })
        .join('\n');
}
/** A property name: bare when it is an identifier, else a single-quoted string. */
export function propKey(name) {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name);
}
/** A single-quoted TypeScript string literal. */
export function quote(s) {
    const body = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
    return `'${body}'`;
}
/**
 * A blank line before every top-level declaration that follows another one (ts-morph packs consts), but
 * for a run of undocumented module-private consts, which stays packed.
 */
export function spaced(source) {
    return source.replace(/;\n(\/\*\*|export |function |class |interface |type )/g, ';\n\n$1');
}
//# sourceMappingURL=layout.js.map