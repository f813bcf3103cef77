import { type Palette } from '../palette.ts';
import type { Diagnostic } from './diagnostics.ts';
export interface RenderOptions {
    /** Colour wanted (e.g. stdout is a terminal); takes effect with a `palette`. */
    color: boolean;
    palette?: Palette;
}
export declare function renderText(diagnostics: readonly Diagnostic[], sources: Record<string, string>, opts: RenderOptions): string;
export declare function summaryLine(errors: number, warnings: number, files: number, opts: RenderOptions): string;
export declare function renderJson(diagnostics: readonly Diagnostic[]): string;
//# sourceMappingURL=render-diagnostics.d.ts.map