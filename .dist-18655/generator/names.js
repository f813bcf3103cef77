/** Identifier naming for generated code: deterministic, collision-free, TypeScript-safe. */
const RESERVED = new Set([
    'break',
    'case',
    'catch',
    'class',
    'const',
    'continue',
    'debugger',
    'default',
    'delete',
    'do',
    'else',
    'enum',
    'export',
    'extends',
    'false',
    'finally',
    'for',
    'function',
    'if',
    'import',
    'in',
    'instanceof',
    'new',
    'null',
    'return',
    'super',
    'switch',
    'this',
    'throw',
    'true',
    'try',
    'typeof',
    'var',
    'void',
    'while',
    'with',
    'quit',
    'channels',
    'notifications',
    'pool',
]);
export function words(name) {
    return name
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w.toLowerCase());
}
export function pascalCase(name) {
    const s = words(name)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join('');
    return /^[0-9]/.test(s) ? `_${s}` : s || '_';
}
export function camelCase(name) {
    const p = pascalCase(name);
    const c = p[0].toLowerCase() + p.slice(1);
    return RESERVED.has(c) ? `${c}_` : c;
}
export function constantCase(name) {
    const s = words(name).join('_').toUpperCase();
    return /^[0-9]/.test(s) ? `_${s}` : s || '_';
}
/** A property name usable unquoted, else quoted. */
export function propName(name) {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
//# sourceMappingURL=names.js.map