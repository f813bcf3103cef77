#!/usr/bin/env node
// The keyspec executable: runs the bundled CLI in dist/bin/ (built by `npm run build`, `prepare` and
// `prepack`). In this repository, `npm run keyspec -- <args>` runs the TypeScript sources through tsx instead.
try {
  await import('../dist/bin/keyspec.js');
} catch (e) {
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/bin/keyspec.js')) {
    process.stderr.write('keyspec: the compiled CLI (dist/) is missing: run `npm run build` in the keyspec package\n');
    process.exitCode = 2;
  } else throw e;
}
