import { type Builder, type FilePart } from './builder.ts';
export declare function buildSlotGroups(b: Builder, part: FilePart): void;
//# sourceMappingURL=slot-groups.d.ts.map