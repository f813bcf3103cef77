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

interface RuleInfo {
  severity: Severity;
  title: string;
  hint: string;
}

/**
 * The rule registry. Ids are stable: a rule may be retired but its id is never reused.
 * `hint` is the default fix hint; a diagnostic may carry a more specific one.
 */
export const RULES = {
  KS001: { severity: 'error', title: 'YAML syntax error', hint: 'Fix the YAML syntax at this position.' },
  KS002: { severity: 'error', title: 'duplicate mapping key', hint: 'Remove or rename one of the two keys.' },
  KS003: { severity: 'error', title: 'unreadable spec file', hint: 'Check the path and the file permissions.' },
  KS010: {
    severity: 'error',
    title: 'wrong type or value',
    hint: 'See the expected form in LANGUAGE.md of the keyspec package (node_modules/keyspec/spec/LANGUAGE.md).',
  },
  KS011: { severity: 'error', title: 'unknown property', hint: 'Remove the property or fix its spelling.' },
  KS012: { severity: 'error', title: 'missing required property', hint: 'Add the property.' },
  KS013: { severity: 'error', title: 'value not allowed', hint: 'Use one of the allowed values.' },
  KS014: { severity: 'error', title: 'unsupported language version', hint: 'Set `keyspec: 1`.' },
  KS101: { severity: 'error', title: 'duplicate name', hint: 'Names must be unique; rename one of them.' },
  KS102: {
    severity: 'error',
    title: 'duplicate database index',
    hint: 'Merge the two entries; use `aliases:` for a second name of the same DB.',
  },
  KS103: { severity: 'error', title: 'pattern declared twice', hint: 'Remove one of the two identical patterns.' },
  KS110: {
    severity: 'error',
    title: 'undefined placeholder type',
    hint: "Declare the type under `types:` or the key's `where:`, or use a built-in type (text, any, segment, int, uint, uuid, hex32, path).",
  },
  KS111: { severity: 'warning', title: 'unused named type', hint: 'Remove the type or use it in a pattern.' },
  KS112: {
    severity: 'error',
    title: 'placeholder used twice in one pattern',
    hint: 'Give each placeholder its own name, e.g. {a} and {b:a}.',
  },
  KS113: {
    severity: 'error',
    title: 'malformed pattern',
    hint: 'Placeholders look like {name} or {name:type}; escape literal braces as {{ and }}.',
  },
  KS114: {
    severity: 'error',
    title: 'invalid regular expression',
    hint: 'Write a JavaScript regex without anchors, lookaround or backreferences.',
  },
  KS115: {
    severity: 'warning',
    title: 'adjacent placeholders',
    hint: 'Put literal text between placeholders, otherwise a key cannot be split unambiguously.',
  },
  KS116: { severity: 'error', title: 'example does not match', hint: 'Fix the example or the pattern/type it should match.' },
  KS117: { severity: 'error', title: 'empty enum', hint: 'List at least one value.' },
  KS118: {
    severity: 'warning',
    title: 'type may match an empty string in a key pattern',
    hint: 'Use a type that requires at least one character (e.g. text instead of any).',
  },
  KS119: {
    severity: 'error',
    title: 'regex can backtrack super-linearly',
    hint: 'Rewrite the regex so that no character can be matched by two quantifiers at once, e.g. a+ instead of (a+)+.',
  },
  KS126: {
    severity: 'error',
    title: '`except` word the type never matches',
    hint: 'Remove the word from `except:`, or fix its spelling: only a word the type would otherwise match can be excluded.',
  },
  KS127: {
    severity: 'warning',
    title: '`except` word listed twice',
    hint: 'Remove the second occurrence.',
  },
  KS120: {
    severity: 'error',
    title: 'overlapping key patterns',
    hint: 'Make the patterns disjoint (narrow a placeholder type), or add `shadows: [other]` to the more specific key.',
  },
  KS121: {
    severity: 'error',
    title: 'overlapping hash field patterns',
    hint: 'Make the field patterns disjoint, or add `shadows: [other]` to the more specific field.',
  },
  KS122: {
    severity: 'warning',
    title: 'overlapping channel patterns',
    hint: 'Make the channel patterns disjoint, or add `shadows: [other]` to the more specific channel.',
  },
  KS123: {
    severity: 'warning',
    title: 'overlap could not be decided',
    hint: 'Simplify the placeholder regexes of these patterns (the automaton grew too large).',
  },
  KS130: { severity: 'error', title: 'impossible TTL policy', hint: 'A TTL must be a positive number of seconds with min <= max.' },
  KS131: {
    severity: 'error',
    title: 'field-dependent TTL on an unknown field',
    hint: 'Name a declared literal hash field with an enum or boolean value.',
  },
  KS132: { severity: 'error', title: 'TTL case value not allowed by the field', hint: "Use values of the field's enum." },
  KS133: { severity: 'warning', title: 'TTL cases do not cover every field value', hint: 'Add a case or a `default:` policy.' },
  KS134: { severity: 'error', title: 'TTL case value listed twice', hint: 'List each value in one case only.' },
  KS135: {
    severity: 'error',
    title: 'field-dependent TTL on a hash field',
    hint: 'Give the field a plain TTL policy (seconds, `max:`, `none`); `field:`/`cases:` decide a key TTL.',
  },
  KS136: { severity: 'error', title: 'TTL on a stream entry field', hint: 'Remove `ttl:` from the entry field; only hash fields expire.' },
  KS140: { severity: 'error', title: 'notification events not enabled', hint: 'Add the missing flags to `server.notifyKeyspaceEvents`.' },
  KS141: {
    severity: 'error',
    title: 'invalid notify-keyspace-events flags',
    hint: 'Use K and/or E plus event classes from g$lshzxetdmnA.',
  },
  KS142: {
    severity: 'warning',
    title: 'notify-keyspace-events selects nothing',
    hint: 'K or E alone select no events; add event classes such as h or A (and K or E with classes).',
  },
  KS145: {
    severity: 'error',
    title: 'notification events of another key type',
    hint: "Ask for the events of the key's own type (string $, list l, set s, hash h, zset z, stream t) or the generic ones (g, x, e, n, m).",
  },
  KS150: {
    severity: 'warning',
    title: 'channel declared under a database',
    hint: 'Pub/sub channels are server-wide (PUBLISH ignores SELECT); move it to the top-level `channels:` and note the DB with `connectionDb:`.',
  },
  KS151: {
    severity: 'warning',
    title: 'sharded channel that observe cannot hear',
    hint: 'SSUBSCRIBE has no patterns: add `examples:` with the channel names to watch (e.g. a test room).',
  },
  KS160: {
    severity: 'error',
    title: 'imported spec not found',
    hint: "Fix the path: relative to the importing file, or a package path such as 'keyspec/lib/rq.yaml' (resolved through node_modules).",
  },
  KS161: { severity: 'error', title: 'import cycle', hint: 'Break the cycle; libraries must not import their importers.' },
  KS162: {
    severity: 'error',
    title: 'bad import parameter',
    hint: 'Pass only parameters the library declares under `params:`, and all that have no default.',
  },
  KS163: { severity: 'error', title: 'imported spec is not a library', hint: 'Only specs with `kind: library` can be imported.' },
  KS164: {
    severity: 'error',
    title: 'library keys need a database',
    hint: 'Set `database:` on the import to the DB the library keys live in.',
  },
  KS165: { severity: 'error', title: 'keys outside a database', hint: 'In an application spec, declare keys under `databases[].keys`.' },
  KS170: { severity: 'error', title: 'undeclared service', hint: 'Declare the service under `services:` or fix the name.' },
  KS171: { severity: 'error', title: 'undeclared reference', hint: 'Declare the referenced item or fix the name.' },
  KS172: {
    severity: 'warning',
    title: 'service uses nothing',
    hint: 'Declare what the service reads, writes, publishes or subscribes to.',
  },
  KS173: {
    severity: 'error',
    title: 'probe target not probe-safe',
    hint: 'Mark the key or channel `probeSafe: true` if scratch writes to it are harmless, or probe something else.',
  },
  KS174: {
    severity: 'error',
    title: 'probe does not fit what it probes',
    hint: 'Give `params:` for every placeholder, with values of their types, and name declared fields and message formats.',
  },
  KS180: {
    severity: 'error',
    title: 'property does not fit the Redis type',
    hint: 'Use `value` for strings, `fields` for hashes, `member` for lists/sets/zsets, `entryFields` for streams.',
  },
  KS181: { severity: 'error', title: 'invalid JSON Schema in a format', hint: 'Fix the embedded schema (JSON Schema 2020-12).' },
  KS182: {
    severity: 'error',
    title: 'invalid value format',
    hint: 'See the value formats in LANGUAGE.md of the keyspec package (node_modules/keyspec/spec/LANGUAGE.md).',
  },
  KS190: { severity: 'error', title: 'invalid version', hint: "Write a Redis version like '7.0' or '6.2.7'." },
  KS200: {
    severity: 'error',
    title: 'slot group member does not hash by the tag',
    hint: "Put the tag placeholder alone in the key's first hash tag, written with literal braces: 'run:{{{runid}}}:lock' gives keys like 'run:{busy-beaver}:lock'.",
  },
  KS201: {
    severity: 'error',
    title: 'slot group names an unknown key',
    hint: 'List key pattern names of the same database (imported ones as `<as>.<key>`).',
  },
  KS202: {
    severity: 'error',
    title: 'key in two slot groups',
    hint: 'A key hashes by one tag; keep it in one group, or merge the groups.',
  },
  KS203: {
    severity: 'error',
    title: 'slot group member lacks the tag placeholder',
    hint: 'Add the tag placeholder to the pattern as its hash tag ({{{tag}}}), or take the key out of the group.',
  },
  KS204: {
    severity: 'error',
    title: 'slot group tag can be empty',
    hint: "Give the tag placeholder a type that needs at least one character (an empty '{}' makes Redis hash the whole key).",
  },
  KS205: {
    severity: 'warning',
    title: 'slot group tag can contain braces',
    hint: "Narrow the tag placeholder's type so it cannot contain '{' or '}' (e.g. a regex like [a-z0-9-]+).",
  },
  KS210: {
    severity: 'error',
    title: 'databases do not fit the deployment',
    hint: 'A Redis Cluster has only DB 0: set `deployment.databases` to per-endpoint (each DB its own cluster), prefixed (all in DB 0 under key prefixes) or native (Valkey 9.0+ clusters).',
  },
  KS211: {
    severity: 'error',
    title: 'native databases need Valkey 9 in a cluster',
    hint: "Several databases in cluster mode need `engine: valkey` and `version: '9.0'` or later (with cluster-databases set); otherwise use per-endpoint or prefixed.",
  },
  KS212: {
    severity: 'error',
    title: 'database without a key prefix',
    hint: 'With `databases: prefixed`, give every database a prefix under `deployment.prefixes`.',
  },
  KS213: {
    severity: 'error',
    title: 'key prefixes overlap',
    hint: "No prefix may start another one (keys of one database could then fall under the other's prefix); end each with a separator such as ':'.",
  },
  KS214: {
    severity: 'error',
    title: 'key prefix breaks hash tags',
    hint: "A '{' in a prefix becomes the key's first hash tag and overrides the slot groups' tags; remove it.",
  },
  KS215: {
    severity: 'error',
    title: 'databases share an endpoint',
    hint: 'With `databases: per-endpoint`, give each database its own connection under `deployment.endpoints` (or its `connection:`).',
  },
  KS230: {
    severity: 'error',
    title: 'encoded number parts do not fit',
    hint: 'Give both parts integer formats with different names, keep the low part in 0..multiplier-1, and keep high * multiplier below 2^53.',
  },
  KS231: {
    severity: 'error',
    title: 'reference names no reachable key',
    hint: 'Name a key pattern of the same database (`ref: job`, imported: `ref: bull.job`); every placeholder of it but the one the value fills (`by:`) must also be a placeholder of the referencing key, or write `whole: true` when the value is the whole key name.',
  },
  KS232: {
    severity: 'error',
    title: 'stream entry cases on an unknown field',
    hint: 'Name a literal entry field, declared under `entryFields` with an enum value, as `entryCases.field`.',
  },
  KS233: {
    severity: 'error',
    title: 'stream entry case value not allowed or listed twice',
    hint: "List each value of the deciding field's enum in one case only.",
  },
  KS234: {
    severity: 'error',
    title: 'client-name encoding of an unknown placeholder',
    hint: "Encode only placeholders of the client-name pattern, e.g. `clientName: { pattern: '{prefix}:{queue}', encode: { queue: base64 } }`.",
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export function makeDiagnostic(id: RuleId, pos: SourcePos, message: string, hint?: string): Diagnostic {
  const rule: RuleInfo = RULES[id];
  return { id, severity: rule.severity, ...pos, message, hint: hint ?? rule.hint };
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.id.localeCompare(b.id) || a.message.localeCompare(b.message)
  );
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}
