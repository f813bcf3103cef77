const same = (text) => text;
/** No colour at all. */
export const PLAIN = { red: same, green: same, yellow: same, cyan: same, bold: same, dim: same };
/** The palette to use: `palette` where colour is wanted and one is given, else plain text. */
export function paletteFor(opts) {
    return opts.color && opts.palette ? opts.palette : PLAIN;
}
//# sourceMappingURL=palette.js.map