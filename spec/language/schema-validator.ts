/**
 * The compiled validator of the language's JSON Schema. Compiling the schema with ajv is most of a cold
 * `keyspec validate`, so the package build writes ajv's standalone code for it beside this file
 * (`keyspec-schema.validate.cjs`, produced by `standaloneValidatorSource`); where that file is absent (the
 * TypeScript sources under tsx) the schema is compiled at run time with the same options.
 */
import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);
export const KEYSPEC_SCHEMA = require('../keyspec.schema.json') as Record<string, unknown>;
export const PRECOMPILED_VALIDATOR = 'keyspec-schema.validate.cjs';

function schemaAjv(source: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
    ...(source ? { code: { source: true, esm: false } } : {}),
  });
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
  return ajv;
}

let compiled: ValidateFunction | undefined;

/** The validator: the precompiled one where the build wrote it, else compiled now (once per process). */
export function keyspecSchemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  try {
    const mod = require(`./${PRECOMPILED_VALIDATOR}`) as ValidateFunction | { default: ValidateFunction };
    compiled = typeof mod === 'function' ? mod : mod.default;
  } catch {
    compiled = schemaAjv(false).compile(KEYSPEC_SCHEMA);
  }
  return compiled;
}

/** ajv's standalone (CommonJS) code for the validator, for the package build to write beside this file. */
export function standaloneValidatorSource(): string {
  const ajv = schemaAjv(true);
  const validate = ajv.compile(KEYSPEC_SCHEMA);
  const standalone = require('ajv/dist/standalone/index.js') as { default: (ajv: Ajv2020, v: ValidateFunction) => string };
  return standalone.default(ajv, validate);
}
