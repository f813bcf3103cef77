/**
 * `keyspec validate` as a library function: load every spec, collect all diagnostics, and decide the
 * exit code (0 clean, 2 on errors; warnings fail only when strict).
 */
import { loadSpec } from "./build/load-spec.js";
import { compareDiagnostics, countBySeverity } from "./diagnostics.js";
export function validateSpecs(files, host, options = {}) {
    const all = [];
    const sources = {};
    const specs = [];
    const seen = new Set();
    for (const file of files) {
        const result = loadSpec(file, host, options.onProgress ? { onProgress: options.onProgress } : {});
        Object.assign(sources, result.sources);
        specs.push({ file, ...(result.spec ? { spec: result.spec } : {}) });
        for (const d of result.diagnostics) {
            // A library imported by several specs reports its problems once.
            const k = `${d.id}|${d.file}|${d.line}|${d.column}|${d.message}`;
            if (!seen.has(k)) {
                seen.add(k);
                all.push(d);
            }
        }
    }
    all.sort(compareDiagnostics);
    const { errors, warnings } = countBySeverity(all);
    const failing = errors > 0 || (options.strict === true && warnings > 0);
    return { specs, diagnostics: all, sources, errors, warnings, exitCode: failing ? 2 : 0 };
}
//# sourceMappingURL=validate.js.map