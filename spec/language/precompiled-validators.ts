/**
 * The two JSON Schema validators every `validate` needs: the language's own schema (`keyspec.schema.json`)
 * and the JSON Schema 2020-12 meta-schema (for the `json` value formats' `schema:`). Compiling them with ajv
 * is most of a cold `keyspec validate`, so the package build writes ajv's standalone code for both beside
 * this file (`standaloneSources`); where those files are absent (the TypeScript sources under tsx) they are
 * compiled at run time with the same options, so both paths judge alike.
 */
import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { packagePath, readPackageFile } from '../package-files.ts';

const require = createRequire(import.meta.url);
export const KEYSPEC_SCHEMA = JSON.parse(readPackageFile('spec/keyspec.schema.json')) as Record<string, unknown>;
const META_SCHEMA_ID = 'https://json-schema.org/draft/2020-12/schema';

interface Precompiled {
  file: string;
  ajv(source: boolean): Ajv2020;
  compile(ajv: Ajv2020): ValidateFunction;
}

const withSource = (source: boolean): { code?: { source: true; esm: false } } => (source ? { code: { source: true, esm: false } } : {});

const LANGUAGE: Precompiled = {
  file: 'keyspec-schema.validate.cjs',
  ajv(source) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, ...withSource(source) });
    ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
    // Messages for editors (yaml-language-server, VS Code) where a value fails; keyspec's own are in schema-check.ts.
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    return ajv;
  },
  compile: (ajv) => ajv.compile(KEYSPEC_SCHEMA),
};

const META: Precompiled = {
  file: 'json-schema-2020.validate.cjs',
  ajv: (source) => new Ajv2020({ strict: false, allowUnionTypes: true, ...withSource(source) }),
  compile: (ajv) => ajv.getSchema(META_SCHEMA_ID)!,
};

const loaded = new Map<Precompiled, ValidateFunction>();

function validatorOf(p: Precompiled): ValidateFunction {
  let v = loaded.get(p);
  if (!v) {
    try {
      const mod = require(packagePath(`spec/language/${p.file}`)) as ValidateFunction | { default: ValidateFunction };
      v = typeof mod === 'function' ? mod : mod.default;
    } catch {
      v = p.compile(p.ajv(false));
    }
    loaded.set(p, v);
  }
  return v;
}

/** Validates a spec file's data against the language schema (allErrors, verbose). */
export const keyspecSchemaValidator = (): ValidateFunction => validatorOf(LANGUAGE);

/** Validates a JSON Schema against the 2020-12 meta-schema. */
export const jsonSchemaMetaValidator = (): ValidateFunction => validatorOf(META);

/** ajv's standalone (CommonJS) code of each validator, by file name, for the package build. */
export function standaloneSources(): Record<string, string> {
  const standalone = require('ajv/dist/standalone/index.js') as { default: (ajv: Ajv2020, v: ValidateFunction) => string };
  const out: Record<string, string> = {};
  for (const p of [LANGUAGE, META]) {
    const ajv = p.ajv(true);
    out[p.file] = standalone.default(ajv, p.compile(ajv));
  }
  return out;
}
