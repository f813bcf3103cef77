/**
 * Files the generator reads at run time (the runtime folder, templates), located relative to this
 * module's URL so that a compiled copy finds them next to its .js files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The absolute path of an asset, given as a `/`-separated path relative to the generator folder. */
export function assetPath(relative: string): string {
  return fileURLToPath(new URL(relative, import.meta.url));
}

export function readAsset(relative: string): string {
  return readFileSync(assetPath(relative), 'utf8');
}

/** The files of an asset folder (not recursive), sorted by name. */
export function listAssets(folder: string): string[] {
  return readdirSync(assetPath(folder.endsWith('/') ? folder : `${folder}/`), { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}
