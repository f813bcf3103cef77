/**
 * Source positions of the model, kept beside it: `Spec.origins` maps a stable origin id to where that
 * part of the model is declared (file, line, column; never source text).
 */
import type { SourcePos } from './diagnostics.ts';
import type { Spec } from './model.ts';

/** The origin id of each kind of model object. */
export const originId = {
  type: (name: string): string => `type:${name}`,
  database: (index: number): string => `database:${index}`,
  slotGroup: (db: number, name: string): string => `slotGroup:${db}/${name}`,
  key: (keyId: string): string => `key:${keyId}`,
  field: (keyId: string, field: string): string => `field:${keyId}/${field}`,
  channel: (name: string): string => `channel:${name}`,
  message: (channel: string, message: string): string => `message:${channel}/${message}`,
  notification: (name: string): string => `notification:${name}`,
  service: (name: string): string => `service:${name}`,
  probe: (service: string, probe: string): string => `probe:${service}/${probe}`,
  env: (name: string): string => `env:${name}`,
  connection: (name: string): string => `connection:${name}`,
  import: (as: string): string => `import:${as}`,
  server: (): string => 'server',
  deployment: (): string => 'deployment',
  /** A library's top-level `keys:`. */
  libraryKeys: (): string => 'keys',
} as const;

/** Where a part of the model is declared; the top of the entry file if the id is unknown. */
export function originOf(spec: Pick<Spec, 'origins' | 'files' | 'name'>, id: string): SourcePos {
  return spec.origins[id] ?? { file: spec.files[0] ?? spec.name, line: 1, column: 1 };
}
