/**
 * keyspec's exit codes, one table for every command (validate, generate, model, check, observe, probe).
 * The CLI returns them; the library functions report them in their results.
 */
export const EXIT = {
    /** Success: the spec is valid, the keyspace conforms, the generated files are up to date. */
    ok: 0,
    /** Violations found (check, observe, probe), or generated files drifted (`generate --check`). */
    violations: 1,
    /** A spec error or a usage error (bad flag, unreadable file): nothing was checked. */
    usage: 2,
    /** Cannot connect to Redis (refused, timed out, authentication failed). */
    connect: 3,
    /** Only unverifiable checks failed (e.g. CONFIG is blocked): nothing was found wrong, but not everything could be seen. */
    unverifiable: 4,
};
/** The table as the CLI's help prints it. */
export const EXIT_HELP = `Exit codes:
  0  success (spec valid / keyspace conforms / generated files up to date)
  1  violations found (check, observe, probe) or generated files drifted (generate --check)
  2  spec or usage error
  3  cannot connect to Redis
  4  only unverifiable checks failed`;
//# sourceMappingURL=exit-codes.js.map