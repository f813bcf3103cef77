/**
 * The SpecHost of the language server: a spec open in the editor is read from its in-memory text (what the
 * user is typing, saved or not); any other file (an import not open) from disk, as `keyspec validate` does.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SpecHost } from '../spec/language/build/builder.ts';
import { nodeHost } from '../spec/language/node-host.ts';

/** The text of an open document by its absolute path, or undefined when it is not open. */
export type OpenText = (path: string) => string | undefined;

export function documentHost(open: OpenText): SpecHost {
  const disk = nodeHost();
  return {
    read(path) {
      const text = open(path);
      return text !== undefined ? { text } : disk.read!(path);
    },
    readFile(path) {
      return open(path) ?? disk.readFile(path);
    },
    resolve: disk.resolve,
    // Diagnostics name files by absolute path, so each maps back to its document's URI.
  };
}

export const uriToPath = (uri: string): string => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);
export const pathToUri = (path: string): string => pathToFileURL(path).href;
