/**
 * `keyspec lsp`: the language server over stdio (for VS Code, Neovim, Helix, ... see README). Its engine
 * (vscode-languageserver and the validator) loads only when it runs.
 */
import type { Command } from 'commander';
import type { CliIO } from '../io.ts';

export function registerLspCommand(program: Command, _io: CliIO, setExit: (code: number) => void): void {
  program
    .command('lsp')
    .description('Run the keyspec language server on stdin/stdout (diagnostics, hover, completion, go to definition).')
    .option('--stdio', 'talk over stdin/stdout (the default and only transport; accepted for editors that pass it)')
    .action(async () => {
      const { startLanguageServer } = await import('../../lsp/server.ts');
      const connection = startLanguageServer();
      // The server runs until the client sends `exit` or closes stdin.
      await new Promise<void>((resolve) => {
        connection.onExit(() => resolve());
        process.stdin.on('end', () => resolve());
      });
      setExit(0);
    });
}
