/**
 * The builder's shared state: the host it reads files through, the diagnostics it collects, and what
 * one file (with its imports) contributes before everything is merged. All of it is builder-private:
 * nothing here ends up in the model.
 */
import { makeDiagnostic } from "../diagnostics.js";
import { closest } from "../schema-check.js";
export class Builder {
    host;
    options;
    diagnostics = [];
    files = [];
    sources = {};
    /** Where each probe is declared (probes are checked after linking). */
    probeSites = new Map();
    /** Where each model object is declared; turned into `Spec.origins` by id once the model is final. */
    at = new Map();
    constructor(host, options = {}) {
        this.host = host;
        this.options = options;
    }
    /**
     * A reporter for the overlap check of `patterns` patterns, or undefined without an onProgress callback.
     * It forwards the first and last step and about every 1/200 of the pairs.
     */
    progress(what, patterns, total, allPairs) {
        const on = this.options.onProgress;
        if (!on)
            return undefined;
        const step = Math.max(1, Math.ceil(total / 200));
        return (done) => {
            if (done === 0 || done === total || done % step === 0)
                on({ stage: 'overlaps', what, patterns, done, total, allPairs });
        };
    }
    display(path) {
        return this.host.display ? this.host.display(path) : path;
    }
    report(id, file, path, message, hint, part = 'value') {
        this.diagnostics.push(makeDiagnostic(id, file.locate(path, part), message, hint));
    }
    /** Records where a model object is declared. */
    place(obj, file, path, part = 'value') {
        this.at.set(obj, file.locate(path, part));
        return obj;
    }
    reportAt(id, pos, message, hint) {
        this.diagnostics.push(makeDiagnostic(id, pos, message, hint));
    }
}
export function closestHint(name, candidates) {
    const best = closest(name, candidates);
    return best ? `Did you mean '${best}'?` : undefined;
}
//# sourceMappingURL=builder.js.map