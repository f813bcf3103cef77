/**
 * Where keyspec's own files are, however it runs: from the TypeScript sources (tsx, tests), from the
 * compiled `dist/`, or from the bundled CLI in `dist/bin/`. Files the code reads at run time (Lua scripts,
 * templates, the generated client's runtime, JSON Schemas, precompiled validators) are named by their path in
 * the source tree (`conformance/redis/lua/probe-keys.lua`) and found under the package root, in `dist/` when
 * the running code is compiled (the build copies them there).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
const HERE = dirname(fileURLToPath(import.meta.url));
function findRoot() {
    let dir = HERE;
    for (;;) {
        const file = join(dir, 'package.json');
        if (existsSync(file)) {
            try {
                const pkg = JSON.parse(readFileSync(file, 'utf8'));
                if (pkg.name === 'keyspec' && typeof pkg.version === 'string')
                    return { root: dir, version: pkg.version };
            }
            catch {
                // not ours, or unreadable: keep walking up
            }
        }
        const up = dirname(dir);
        if (up === dir)
            return { root: dirname(HERE), version: '0.0.0-unknown' };
        dir = up;
    }
}
const found = findRoot();
const COMPILED = relative(found.root, HERE).split(sep)[0] === 'dist';
/** The installed keyspec's version (from its package.json). */
export const KEYSPEC_VERSION = found.version;
/** The absolute path of one of keyspec's files, given by its `/`-separated path in the source tree. */
export function packagePath(path) {
    return join(found.root, ...(COMPILED ? ['dist'] : []), ...path.split('/'));
}
/** The text of one of keyspec's files (see packagePath). */
export function readPackageFile(path) {
    return readFileSync(packagePath(path), 'utf8');
}
//# sourceMappingURL=package-files.js.map