/**
 * Can the project that receives generated files resolve the packages the generated code imports? Node
 * resolves bare imports from the importing file's folder upwards, so this asks the same question from the
 * output directory (through `createRequire`), without loading anything.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The packages of `names` that code in `dir` could not import. */
export function missingPackages(dir: string, names: readonly string[]): string[] {
  const require = createRequire(join(dir, '__keyspec_resolve__.js'));
  return names.filter((name) => {
    try {
      require.resolve(`${name}/package.json`);
      return false;
    } catch {
      try {
        require.resolve(name);
        return false;
      } catch {
        return true;
      }
    }
  });
}
