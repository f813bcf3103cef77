/**
 * Files the generator reads at run time (the runtime folder, templates), found through the package's file
 * map so that the sources, the compiled `dist/` and the bundled CLI all find them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { packagePath } from "../spec/package-files.js";
/** The absolute path of an asset, given as a `/`-separated path relative to the generator folder. */
export function assetPath(relative) {
    return packagePath(`generator/${relative.replace(/^\.\//, '')}`);
}
export function readAsset(relative) {
    return readFileSync(assetPath(relative), 'utf8');
}
/** The files of an asset folder (not recursive), sorted by name. */
export function listAssets(folder) {
    return readdirSync(assetPath(folder.endsWith('/') ? folder : `${folder}/`), { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort();
}
//# sourceMappingURL=assets.js.map