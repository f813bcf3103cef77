/** keyspec's generator: the library surface (pure generation plus the output writer). */
export { generateFiles, requiredPackages, defaultOutDir, regenerateCommand, EMITTERS, type GenerateOptions } from './generate.ts';
export type { Emitter, EmitContext, GeneratedFile } from './emitter.ts';
export { writeOutput, checkOutput } from './write-output.ts';
export { missingPackages } from './package-check.ts';
