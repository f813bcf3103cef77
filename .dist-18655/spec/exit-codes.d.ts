/**
 * keyspec's exit codes, one table for every command (validate, generate, model, check, observe, probe).
 * The CLI returns them; the library functions report them in their results.
 */
export declare const EXIT: {
    /** Success: the spec is valid, the keyspace conforms, the generated files are up to date. */
    readonly ok: 0;
    /** Violations found (check, observe, probe), or generated files drifted (`generate --check`). */
    readonly violations: 1;
    /** A spec error or a usage error (bad flag, unreadable file): nothing was checked. */
    readonly usage: 2;
    /** Cannot connect to Redis (refused, timed out, authentication failed). */
    readonly connect: 3;
    /** Only unverifiable checks failed (e.g. CONFIG is blocked): nothing was found wrong, but not everything could be seen. */
    readonly unverifiable: 4;
};
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
/** The table as the CLI's help prints it. */
export declare const EXIT_HELP = "Exit codes:\n  0  success (spec valid / keyspace conforms / generated files up to date)\n  1  violations found (check, observe, probe) or generated files drifted (generate --check)\n  2  spec or usage error\n  3  cannot connect to Redis\n  4  only unverifiable checks failed";
//# sourceMappingURL=exit-codes.d.ts.map