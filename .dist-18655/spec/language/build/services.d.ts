import type { FileContext } from './builder.ts';
export declare function buildServices(ctx: FileContext): void;
//# sourceMappingURL=services.d.ts.map