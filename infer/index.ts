/** keyspec infer: a draft spec from a live Redis (the library surface; no CLI code). */
export { runInfer, type RunInferOptions, type InferResult, type InferSummary } from './run-infer.ts';
export { TemplateTree, DEFAULT_TREE_LIMITS, type Template, type TreeLimits } from './template-tree.ts';
export { LIBRARIES, type LibraryRecognizer } from './libraries.ts';
export { groupingAccuracy } from './grouping-accuracy.ts';
