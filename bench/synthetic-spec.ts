/**
 * Seeded synthetic specs for benchmarks and scale tests: N key patterns spread over a few databases, in
 * shapes real keyspaces have (shared prefixes, typed placeholders, hashes with field patterns).
 */
export function syntheticSpecYaml(patterns: number, opts: { databases?: number; seed?: number } = {}): string {
  const dbs = opts.databases ?? 4;
  let s = (opts.seed ?? 1) >>> 0;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const lines: string[] = [
    'keyspec: 1',
    `name: synthetic-${patterns}`,
    'types:',
    "  tenant: { regex: '[a-z][a-z0-9-]{2,30}' }",
    "  objid: { regex: '[0-9a-f]{8,32}' }",
    '  state: { enum: [queued, started, finished, failed] }',
    'services:',
    '  - name: app',
    '    writes: []',
    'databases:',
  ];
  const types = ['string', 'hash', 'list', 'set', 'zset'] as const;
  for (let d = 0; d < dbs; d++) {
    lines.push(`  - index: ${d}`, `    name: db${d}`, '    keys:');
    for (let i = d; i < patterns; i += dbs) {
      const type = types[Math.floor(rand() * types.length)]!;
      const shape = Math.floor(rand() * 4);
      const pattern =
        shape === 0
          ? `app:{tenant}:obj${i}:{id:objid}`
          : shape === 1
            ? `app:{tenant}:kind${i}:{st:state}`
            : shape === 2
              ? `cache${i}:{id:objid}`
              : `app:{tenant}:list${i}`;
      lines.push(
        `      - name: k${i}`,
        `        pattern: '${pattern}'`,
        `        type: ${type}`,
        `        ttl: ${rand() < 0.5 ? 'none' : `${60 + Math.floor(rand() * 86400)}`}`,
        '        writers: [app]',
      );
      if (type === 'hash') {
        lines.push(
          '        fields:',
          '          - name: status',
          '            value: { enum: [a, b] }',
          "          - pattern: 'ts:{st:state}'",
          '            value: epochSeconds',
        );
      } else if (type === 'string') {
        lines.push('        value: json');
      }
    }
  }
  return lines.join('\n') + '\n';
}
