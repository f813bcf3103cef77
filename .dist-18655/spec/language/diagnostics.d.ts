/**
 * Diagnostics: every problem keyspec finds in a spec, with a stable rule id, a severity, the exact
 * position of the offending node and a one-line fix hint.
 */
export type Severity = 'error' | 'warning';
/** A position in a spec file; line and column are 1-based. */
export interface SourcePos {
    file: string;
    line: number;
    column: number;
    endLine?: number;
    endColumn?: number;
}
export interface Diagnostic extends SourcePos {
    id: RuleId;
    severity: Severity;
    message: string;
    hint: string;
}
/**
 * The rule registry. Ids are stable: a rule may be retired but its id is never reused.
 * `hint` is the default fix hint; a diagnostic may carry a more specific one.
 */
export declare const RULES: {
    readonly KS001: {
        readonly severity: "error";
        readonly title: "YAML syntax error";
        readonly hint: "Fix the YAML syntax at this position.";
    };
    readonly KS002: {
        readonly severity: "error";
        readonly title: "duplicate mapping key";
        readonly hint: "Remove or rename one of the two keys.";
    };
    readonly KS003: {
        readonly severity: "error";
        readonly title: "unreadable spec file";
        readonly hint: "Check the path and the file permissions.";
    };
    readonly KS010: {
        readonly severity: "error";
        readonly title: "wrong type or value";
        readonly hint: "See the expected form in LANGUAGE.md of the keyspec package (node_modules/keyspec/spec/LANGUAGE.md).";
    };
    readonly KS011: {
        readonly severity: "error";
        readonly title: "unknown property";
        readonly hint: "Remove the property or fix its spelling.";
    };
    readonly KS012: {
        readonly severity: "error";
        readonly title: "missing required property";
        readonly hint: "Add the property.";
    };
    readonly KS013: {
        readonly severity: "error";
        readonly title: "value not allowed";
        readonly hint: "Use one of the allowed values.";
    };
    readonly KS014: {
        readonly severity: "error";
        readonly title: "unsupported language version";
        readonly hint: "Set `keyspec: 1`.";
    };
    readonly KS101: {
        readonly severity: "error";
        readonly title: "duplicate name";
        readonly hint: "Names must be unique; rename one of them.";
    };
    readonly KS102: {
        readonly severity: "error";
        readonly title: "duplicate database index";
        readonly hint: "Merge the two entries; use `aliases:` for a second name of the same DB.";
    };
    readonly KS103: {
        readonly severity: "error";
        readonly title: "pattern declared twice";
        readonly hint: "Remove one of the two identical patterns.";
    };
    readonly KS110: {
        readonly severity: "error";
        readonly title: "undefined placeholder type";
        readonly hint: "Declare the type under `types:` or the key's `where:`, or use a built-in type (text, any, segment, int, uint, uuid, hex32, path).";
    };
    readonly KS111: {
        readonly severity: "warning";
        readonly title: "unused named type";
        readonly hint: "Remove the type or use it in a pattern.";
    };
    readonly KS112: {
        readonly severity: "error";
        readonly title: "placeholder used twice in one pattern";
        readonly hint: "Give each placeholder its own name, e.g. {a} and {b:a}.";
    };
    readonly KS113: {
        readonly severity: "error";
        readonly title: "malformed pattern";
        readonly hint: "Placeholders look like {name} or {name:type}; escape literal braces as {{ and }}.";
    };
    readonly KS114: {
        readonly severity: "error";
        readonly title: "invalid regular expression";
        readonly hint: "Write a JavaScript regex without anchors, lookaround or backreferences.";
    };
    readonly KS115: {
        readonly severity: "warning";
        readonly title: "adjacent placeholders";
        readonly hint: "Put literal text between placeholders, otherwise a key cannot be split unambiguously.";
    };
    readonly KS116: {
        readonly severity: "error";
        readonly title: "example does not match";
        readonly hint: "Fix the example or the pattern/type it should match.";
    };
    readonly KS117: {
        readonly severity: "error";
        readonly title: "empty enum";
        readonly hint: "List at least one value.";
    };
    readonly KS118: {
        readonly severity: "warning";
        readonly title: "type may match an empty string in a key pattern";
        readonly hint: "Use a type that requires at least one character (e.g. text instead of any).";
    };
    readonly KS119: {
        readonly severity: "error";
        readonly title: "regex can backtrack super-linearly";
        readonly hint: "Rewrite the regex so that no character can be matched by two quantifiers at once, e.g. a+ instead of (a+)+.";
    };
    readonly KS120: {
        readonly severity: "error";
        readonly title: "overlapping key patterns";
        readonly hint: "Make the patterns disjoint (narrow a placeholder type), or add `shadows: [other]` to the more specific key.";
    };
    readonly KS121: {
        readonly severity: "error";
        readonly title: "overlapping hash field patterns";
        readonly hint: "Make the field patterns disjoint, or add `shadows: [other]` to the more specific field.";
    };
    readonly KS122: {
        readonly severity: "warning";
        readonly title: "overlapping channel patterns";
        readonly hint: "Make the channel patterns disjoint, or add `shadows: [other]` to the more specific channel.";
    };
    readonly KS123: {
        readonly severity: "warning";
        readonly title: "overlap could not be decided";
        readonly hint: "Simplify the placeholder regexes of these patterns (the automaton grew too large).";
    };
    readonly KS130: {
        readonly severity: "error";
        readonly title: "impossible TTL policy";
        readonly hint: "A TTL must be a positive number of seconds with min <= max.";
    };
    readonly KS131: {
        readonly severity: "error";
        readonly title: "field-dependent TTL on an unknown field";
        readonly hint: "Name a declared literal hash field with an enum or boolean value.";
    };
    readonly KS132: {
        readonly severity: "error";
        readonly title: "TTL case value not allowed by the field";
        readonly hint: "Use values of the field's enum.";
    };
    readonly KS133: {
        readonly severity: "warning";
        readonly title: "TTL cases do not cover every field value";
        readonly hint: "Add a case or a `default:` policy.";
    };
    readonly KS134: {
        readonly severity: "error";
        readonly title: "TTL case value listed twice";
        readonly hint: "List each value in one case only.";
    };
    readonly KS140: {
        readonly severity: "error";
        readonly title: "notification events not enabled";
        readonly hint: "Add the missing flags to `server.notifyKeyspaceEvents`.";
    };
    readonly KS141: {
        readonly severity: "error";
        readonly title: "invalid notify-keyspace-events flags";
        readonly hint: "Use K and/or E plus event classes from g$lshzxetdmnA.";
    };
    readonly KS142: {
        readonly severity: "warning";
        readonly title: "notify-keyspace-events selects nothing";
        readonly hint: "K or E alone select no events; add event classes such as h or A (and K or E with classes).";
    };
    readonly KS150: {
        readonly severity: "warning";
        readonly title: "channel declared under a database";
        readonly hint: "Pub/sub channels are server-wide (PUBLISH ignores SELECT); move it to the top-level `channels:` and note the DB with `connectionDb:`.";
    };
    readonly KS160: {
        readonly severity: "error";
        readonly title: "imported spec not found";
        readonly hint: "Fix the path: relative to the importing file, or a package path such as 'keyspec/lib/rq.yaml' (resolved through node_modules).";
    };
    readonly KS161: {
        readonly severity: "error";
        readonly title: "import cycle";
        readonly hint: "Break the cycle; libraries must not import their importers.";
    };
    readonly KS162: {
        readonly severity: "error";
        readonly title: "bad import parameter";
        readonly hint: "Pass only parameters the library declares under `params:`, and all that have no default.";
    };
    readonly KS163: {
        readonly severity: "error";
        readonly title: "imported spec is not a library";
        readonly hint: "Only specs with `kind: library` can be imported.";
    };
    readonly KS164: {
        readonly severity: "error";
        readonly title: "library keys need a database";
        readonly hint: "Set `database:` on the import to the DB the library keys live in.";
    };
    readonly KS165: {
        readonly severity: "error";
        readonly title: "keys outside a database";
        readonly hint: "In an application spec, declare keys under `databases[].keys`.";
    };
    readonly KS170: {
        readonly severity: "error";
        readonly title: "undeclared service";
        readonly hint: "Declare the service under `services:` or fix the name.";
    };
    readonly KS171: {
        readonly severity: "error";
        readonly title: "undeclared reference";
        readonly hint: "Declare the referenced item or fix the name.";
    };
    readonly KS172: {
        readonly severity: "warning";
        readonly title: "service uses nothing";
        readonly hint: "Declare what the service reads, writes, publishes or subscribes to.";
    };
    readonly KS173: {
        readonly severity: "error";
        readonly title: "probe target not probe-safe";
        readonly hint: "Mark the key or channel `probeSafe: true` if scratch writes to it are harmless, or probe something else.";
    };
    readonly KS174: {
        readonly severity: "error";
        readonly title: "probe does not fit what it probes";
        readonly hint: "Give `params:` for every placeholder, with values of their types, and name declared fields and message formats.";
    };
    readonly KS180: {
        readonly severity: "error";
        readonly title: "property does not fit the Redis type";
        readonly hint: "Use `value` for strings, `fields` for hashes, `member` for lists/sets/zsets, `entryFields` for streams.";
    };
    readonly KS181: {
        readonly severity: "error";
        readonly title: "invalid JSON Schema in a format";
        readonly hint: "Fix the embedded schema (JSON Schema 2020-12).";
    };
    readonly KS182: {
        readonly severity: "error";
        readonly title: "invalid value format";
        readonly hint: "See the value formats in LANGUAGE.md of the keyspec package (node_modules/keyspec/spec/LANGUAGE.md).";
    };
    readonly KS190: {
        readonly severity: "error";
        readonly title: "invalid version";
        readonly hint: "Write a Redis version like '7.0' or '6.2.7'.";
    };
    readonly KS200: {
        readonly severity: "error";
        readonly title: "slot group member does not hash by the tag";
        readonly hint: "Put the tag placeholder alone in the key's first hash tag, written with literal braces: 'run:{{{runid}}}:lock' gives keys like 'run:{busy-beaver}:lock'.";
    };
    readonly KS201: {
        readonly severity: "error";
        readonly title: "slot group names an unknown key";
        readonly hint: "List key pattern names of the same database (imported ones as `<as>.<key>`).";
    };
    readonly KS202: {
        readonly severity: "error";
        readonly title: "key in two slot groups";
        readonly hint: "A key hashes by one tag; keep it in one group, or merge the groups.";
    };
    readonly KS203: {
        readonly severity: "error";
        readonly title: "slot group member lacks the tag placeholder";
        readonly hint: "Add the tag placeholder to the pattern as its hash tag ({{{tag}}}), or take the key out of the group.";
    };
    readonly KS204: {
        readonly severity: "error";
        readonly title: "slot group tag can be empty";
        readonly hint: "Give the tag placeholder a type that needs at least one character (an empty '{}' makes Redis hash the whole key).";
    };
    readonly KS205: {
        readonly severity: "warning";
        readonly title: "slot group tag can contain braces";
        readonly hint: "Narrow the tag placeholder's type so it cannot contain '{' or '}' (e.g. a regex like [a-z0-9-]+).";
    };
    readonly KS210: {
        readonly severity: "error";
        readonly title: "databases do not fit the deployment";
        readonly hint: "A Redis Cluster has only DB 0: set `deployment.databases` to per-endpoint (each DB its own cluster), prefixed (all in DB 0 under key prefixes) or native (Valkey 9.0+ clusters).";
    };
    readonly KS211: {
        readonly severity: "error";
        readonly title: "native databases need Valkey 9 in a cluster";
        readonly hint: "Several databases in cluster mode need `engine: valkey` and `version: '9.0'` or later (with cluster-databases set); otherwise use per-endpoint or prefixed.";
    };
    readonly KS212: {
        readonly severity: "error";
        readonly title: "database without a key prefix";
        readonly hint: "With `databases: prefixed`, give every database a prefix under `deployment.prefixes`.";
    };
    readonly KS213: {
        readonly severity: "error";
        readonly title: "key prefixes overlap";
        readonly hint: "No prefix may start another one (keys of one database could then fall under the other's prefix); end each with a separator such as ':'.";
    };
    readonly KS214: {
        readonly severity: "error";
        readonly title: "key prefix breaks hash tags";
        readonly hint: "A '{' in a prefix becomes the key's first hash tag and overrides the slot groups' tags; remove it.";
    };
    readonly KS215: {
        readonly severity: "error";
        readonly title: "databases share an endpoint";
        readonly hint: "With `databases: per-endpoint`, give each database its own connection under `deployment.endpoints` (or its `connection:`).";
    };
};
export type RuleId = keyof typeof RULES;
export declare function makeDiagnostic(id: RuleId, pos: SourcePos, message: string, hint?: string): Diagnostic;
export declare function compareDiagnostics(a: Diagnostic, b: Diagnostic): number;
export declare function countBySeverity(diagnostics: readonly Diagnostic[]): {
    errors: number;
    warnings: number;
};
//# sourceMappingURL=diagnostics.d.ts.map