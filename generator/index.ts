/** keyspec's generator: the library surface (pure generation plus the output writer). */
export {
  generateFiles,
  requiredPackages,
  defaultOutDir,
  regenerateCommand,
  EMITTERS,
  TARGETS,
  TARGET_EMITTERS,
  type GenerateOptions,
  type Target as GenerateTarget,
} from './generate.ts';
export type { Emitter, EmitContext, GeneratedFile } from './emitter.ts';
export { writeOutput, checkOutput } from './write-output.ts';
export { missingPackages } from './package-check.ts';
