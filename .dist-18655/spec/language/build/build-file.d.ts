import type { Builder, FilePart } from './builder.ts';
import { type GivenParams } from './load.ts';
export declare function buildFile(b: Builder, path: string, ns: string, stack: string[], params?: GivenParams): FilePart | undefined;
//# sourceMappingURL=build-file.d.ts.map