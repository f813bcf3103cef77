/**
 * Colours for text meant for people, passed in by whoever prints it (the CLI hands in picocolors when its
 * stdout is a terminal). The library itself never decides on colour and depends on no colour package.
 */
export interface Palette {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const same = (text: string): string => text;

/** No colour at all. */
export const PLAIN: Palette = { red: same, green: same, yellow: same, cyan: same, bold: same, dim: same };

/** The palette to use: `palette` where colour is wanted and one is given, else plain text. */
export function paletteFor(opts: { color: boolean; palette?: Palette | undefined }): Palette {
  return opts.color && opts.palette ? opts.palette : PLAIN;
}
