/** Identifier naming for generated code: deterministic, collision-free, TypeScript-safe. */
export declare function words(name: string): string[];
export declare function pascalCase(name: string): string;
export declare function camelCase(name: string): string;
export declare function constantCase(name: string): string;
/** A property name usable unquoted, else quoted. */
export declare function propName(name: string): string;
//# sourceMappingURL=names.d.ts.map