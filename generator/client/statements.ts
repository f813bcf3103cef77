/** Small builders of ts-morph statement structures whose initializers are laid out to fit. */
import { VariableDeclarationKind, type OptionalKind, type VariableStatementStructure } from 'ts-morph';
import { doc } from './docs.ts';
import { render, type Doc } from './layout.ts';

/** `[export] const name[: type] = value;`, the value broken over lines when it does not fit. */
export function constant(
  name: string,
  value: Doc,
  options: { docs?: string; type?: string; exported?: boolean } = {},
): OptionalKind<VariableStatementStructure> {
  const exported = options.exported ?? true;
  const head = `${exported ? 'export ' : ''}const ${name}${options.type ? `: ${options.type}` : ''} = `;
  return {
    declarationKind: VariableDeclarationKind.Const,
    isExported: exported,
    declarations: [{ name, initializer: render(value, head.length, 1), ...(options.type ? { type: options.type } : {}) }],
    ...(options.docs ? { docs: [doc(options.docs)] } : {}),
  };
}
