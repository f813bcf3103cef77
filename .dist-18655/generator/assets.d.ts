/** The absolute path of an asset, given as a `/`-separated path relative to the generator folder. */
export declare function assetPath(relative: string): string;
export declare function readAsset(relative: string): string;
/** The files of an asset folder (not recursive), sorted by name. */
export declare function listAssets(folder: string): string[];
//# sourceMappingURL=assets.d.ts.map