/** The installed keyspec's version (from its package.json). */
export declare const KEYSPEC_VERSION: string;
/** The absolute path of one of keyspec's files, given by its `/`-separated path in the source tree. */
export declare function packagePath(path: string): string;
/** The text of one of keyspec's files (see packagePath). */
export declare function readPackageFile(path: string): string;
//# sourceMappingURL=package-files.d.ts.map