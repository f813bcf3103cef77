/** Bumped whenever the model's JSON shape changes incompatibly. */
export const MODEL_VERSION = '1';
export function modelDocument(spec) {
    return { modelVersion: MODEL_VERSION, ...plain(spec, '$') };
}
export function modelJson(spec) {
    return JSON.stringify(modelDocument(spec), null, 2);
}
/** A deep copy that is JSON-exact: throws on anything JSON would change or drop. */
function plain(value, path) {
    if (value === null || typeof value === 'string' || typeof value === 'boolean')
        return value;
    if (typeof value === 'number') {
        if (!Number.isFinite(value) || Object.is(value, -0))
            throw new Error(`model JSON: ${path} is ${value}, which JSON cannot hold`);
        return value;
    }
    if (Array.isArray(value))
        return value.map((v, i) => plain(v, `${path}[${i}]`));
    if (typeof value === 'object') {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null)
            throw new Error(`model JSON: ${path} is a ${proto?.constructor?.name ?? 'non-plain object'}`);
        const out = {};
        for (const [k, v] of Object.entries(value))
            if (v !== undefined)
                out[k] = plain(v, `${path}.${k}`);
        return out;
    }
    if (value === undefined)
        throw new Error(`model JSON: ${path} is undefined`);
    throw new Error(`model JSON: ${path} is a ${typeof value}`);
}
//# sourceMappingURL=model-json.js.map