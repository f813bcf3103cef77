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
/** No colour at all. */
export declare const PLAIN: Palette;
/** The palette to use: `palette` where colour is wanted and one is given, else plain text. */
export declare function paletteFor(opts: {
    color: boolean;
    palette?: Palette | undefined;
}): Palette;
//# sourceMappingURL=palette.d.ts.map