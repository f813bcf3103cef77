/**
 * The file-system edge of the loader: reads spec files for `loadSpec` and resolves imports. An import is
 * a path relative to the importing spec (`lib/rq.yaml`, `./x.yaml`, `../shared/y.yaml`, or absolute), or a
 * package path (`keyspec/lib/rq.yaml`, `@team/specs/queues.yaml`) resolved the way Node resolves packages,
 * from the importing spec's folder upwards through `node_modules`, honouring the package's `exports`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
/** `name/rest` or `@scope/name/rest`: a package path rather than a relative one. */
const PACKAGE_PATH = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*\/.+$/i;
export function resolveSpecImport(fromFile, spec) {
    const relativeTarget = resolve(dirname(fromFile), spec);
    if (isAbsolute(spec) || spec.startsWith('./') || spec.startsWith('../') || !PACKAGE_PATH.test(spec))
        return relativeTarget;
    // A file beside the importing spec wins (`lib/rq.yaml` next to it), as it always has.
    if (existsSync(relativeTarget))
        return relativeTarget;
    try {
        return createRequire(fromFile).resolve(spec);
    }
    catch {
        return relativeTarget;
    }
}
/** A spec is a small text file; anything larger is refused before it is read. */
export const MAX_SPEC_BYTES = 8 * 1024 * 1024;
/** Reads a spec file: a regular file of at most MAX_SPEC_BYTES, decoded as strict UTF-8. */
export function readSpecFile(path) {
    let size;
    try {
        const st = statSync(path);
        if (!st.isFile())
            return { error: st.isDirectory() ? 'it is a directory' : 'it is not a regular file' };
        size = st.size;
    }
    catch (e) {
        const code = e.code;
        return { error: code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable') };
    }
    if (size > MAX_SPEC_BYTES)
        return { error: `it has ${size.toLocaleString('en-US')} bytes; a spec file may have at most 8 MiB` };
    let bytes;
    try {
        bytes = readFileSync(path);
    }
    catch (e) {
        return { error: e.code ?? 'unreadable' };
    }
    try {
        return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    }
    catch {
        return { error: 'it is not UTF-8 text', ...badByteAt(bytes) };
    }
}
/** The line and column (in characters) of the first byte that is not valid UTF-8. */
function badByteAt(bytes) {
    let lo = 0;
    let hi = bytes.length;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    // The longest valid prefix, by bisection (a prefix may also end inside a valid multi-byte character).
    while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        try {
            decoder.decode(bytes.subarray(0, mid), { stream: true });
            lo = mid;
        }
        catch {
            hi = mid - 1;
        }
    }
    const before = new TextDecoder().decode(bytes.subarray(0, lo));
    const lines = before.split('\n');
    return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
export function nodeHost(cwd = process.cwd()) {
    return {
        read: readSpecFile,
        readFile(path) {
            try {
                return readFileSync(path, 'utf8');
            }
            catch {
                return undefined;
            }
        },
        resolve: resolveSpecImport,
        display(path) {
            const rel = relative(cwd, path);
            return rel.startsWith('..') ? path : rel;
        },
    };
}
//# sourceMappingURL=node-host.js.map