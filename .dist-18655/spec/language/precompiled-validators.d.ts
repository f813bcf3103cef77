import { type ValidateFunction } from 'ajv/dist/2020.js';
export declare const KEYSPEC_SCHEMA: Record<string, unknown>;
/** Validates a spec file's data against the language schema (allErrors, verbose). */
export declare const keyspecSchemaValidator: () => ValidateFunction;
/** Validates a JSON Schema against the 2020-12 meta-schema. */
export declare const jsonSchemaMetaValidator: () => ValidateFunction;
/** ajv's standalone (CommonJS) code of each validator, by file name, for the package build. */
export declare function standaloneSources(): Record<string, string>;
//# sourceMappingURL=precompiled-validators.d.ts.map