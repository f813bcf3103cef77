import { backtrackingProblem, BUILTIN_TYPES, enumRegex, integerRegex, matchesType, regexProblem, TYPE_KIND_KEYS, } from "../placeholder-types.js";
export class TypeScope {
    b;
    file;
    raw;
    q;
    used;
    parent;
    basePath;
    owner;
    imported;
    resolved = new Map();
    resolving = new Set();
    constructor(b, file, raw, q, used, parent, basePath = ['types'], owner, imported = new Map()) {
        this.b = b;
        this.file = file;
        this.raw = raw;
        this.q = q;
        this.used = used;
        this.parent = parent;
        this.basePath = basePath;
        this.owner = owner;
        this.imported = imported;
        for (const name of Object.keys(raw))
            this.resolve(name, false);
    }
    child(where, owner, path) {
        return new TypeScope(this.b, this.file, where, this.q, new Set(), this, path, owner);
    }
    all() {
        return [...this.resolved.values()].filter((t) => t !== null);
    }
    /** Is a type of this name declared (in this scope, a parent, imports or built-ins), even if broken? */
    isDeclared(name) {
        if (Object.hasOwn(this.raw, name))
            return true;
        if (this.parent)
            return this.parent.isDeclared(name);
        return this.imported.has(name) || name in BUILTIN_TYPES;
    }
    resolve(name, markUsed = true) {
        if (Object.hasOwn(this.raw, name)) {
            if (markUsed)
                this.used.add(name);
            return this.define(name);
        }
        if (this.parent)
            return this.parent.resolve(name, markUsed);
        return this.imported.get(name) ?? BUILTIN_TYPES[name];
    }
    define(name) {
        const cached = this.resolved.get(name);
        if (cached !== undefined)
            return cached ?? undefined;
        if (this.resolving.has(name)) {
            this.b.report('KS110', this.file, [...this.basePath, name, 'type'], `type '${name}' is defined in terms of itself`);
            this.resolved.set(name, null);
            return undefined;
        }
        this.resolving.add(name);
        const t = this.build(name, this.raw[name]);
        this.resolving.delete(name);
        this.resolved.set(name, t ?? null);
        return t;
    }
    build(name, r) {
        const path = [...this.basePath, name];
        const kinds = TYPE_KIND_KEYS.filter((k) => r[k] !== undefined);
        const fullName = this.owner ? `${this.owner}.${name}` : this.q(name);
        if (kinds.length !== 1) {
            this.b.report(kinds.length === 0 ? 'KS012' : 'KS010', this.file, path, kinds.length === 0
                ? `type '${name}' needs one of ${TYPE_KIND_KEYS.join(', ')}`
                : `type '${name}' has ${kinds.join(' and ')}; give exactly one`, undefined, 'key');
            return undefined;
        }
        const kind = kinds[0];
        const base = {
            name: fullName,
            examples: (r.examples ?? []).map(String),
            ...(r.description !== undefined ? { description: r.description } : {}),
        };
        let t;
        switch (kind) {
            case 'regex': {
                const problem = regexProblem(r.regex);
                if (problem) {
                    this.b.report('KS114', this.file, [...path, 'regex'], `invalid regex for type '${name}': ${problem}`);
                    return undefined;
                }
                const slow = backtrackingProblem(r.regex);
                if (slow) {
                    this.b.report('KS119', this.file, [...path, 'regex'], `type '${name}': ${slow.message}`, slow.hint);
                    return undefined;
                }
                t = { ...base, kind: 'regex', regex: r.regex };
                break;
            }
            case 'enum': {
                const values = (Array.isArray(r.enum) ? r.enum : []).map(String);
                if (values.length === 0) {
                    this.b.report('KS117', this.file, [...path, 'enum'], `enum type '${name}' has no values`);
                    return undefined;
                }
                t = { ...base, kind: 'enum', regex: enumRegex(values), values };
                break;
            }
            case 'integer': {
                const { min, max } = r.integer ?? {};
                if (min !== undefined && max !== undefined && min > max) {
                    this.b.report('KS010', this.file, [...path, 'integer'], `min ${min} is greater than max ${max}`);
                }
                t = {
                    ...base,
                    kind: 'integer',
                    regex: integerRegex(min, max),
                    ...(min !== undefined ? { min } : {}),
                    ...(max !== undefined ? { max } : {}),
                };
                break;
            }
            case 'type': {
                const target = r.type;
                const other = target === name && this.parent ? this.parent.resolve(target) : this.resolve(target);
                if (!other) {
                    const declared = target === name && this.parent ? this.parent.isDeclared(target) : this.isDeclared(target);
                    if (!declared)
                        this.b.report('KS110', this.file, [...path, 'type'], `type '${name}' refers to undefined type '${target}'`);
                    return undefined;
                }
                t = { ...other, ...base, examples: base.examples.length ? base.examples : other.examples };
                break;
            }
            default: {
                const b = BUILTIN_TYPES[kind];
                t = { ...b, ...base, kind: b.kind, regex: b.regex, examples: base.examples.length ? base.examples : b.examples };
            }
        }
        this.b.place(t, this.file, path);
        t.examples.forEach((ex, i) => {
            if (!matchesType(t, ex))
                this.b.report('KS116', this.file, [...path, 'examples', i], `example '${ex}' is not a valid ${name}`);
        });
        return t;
    }
}
//# sourceMappingURL=type-scope.js.map