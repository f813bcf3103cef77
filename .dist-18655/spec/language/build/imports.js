/** Builds the files this one imports (cycles, missing files and non-libraries are reported). */
export function buildImports(b, from, path, q, stack, buildFile) {
    const { file, raw } = from;
    const imported = [];
    (raw.imports ?? []).forEach((imp, i) => {
        const target = b.host.resolve(path, imp.spec);
        if (stack.includes(target)) {
            b.report('KS161', file, ['imports', i, 'spec'], `import cycle: ${[...stack, target].map((s) => b.display(s)).join(' -> ')}`);
            return;
        }
        if (b.host.readFile(target) === undefined) {
            b.report('KS160', file, ['imports', i, 'spec'], `imported spec '${imp.spec}' not found`);
            return;
        }
        const sub = buildFile(target, q(imp.as), [...stack, target], { values: imp.params ?? {}, file, path: ['imports', i, 'params'] });
        if (!sub)
            return;
        if (sub.kind !== 'library') {
            b.report('KS163', file, ['imports', i, 'spec'], `'${imp.spec}' is not a library (kind: library)`);
            return;
        }
        imported.push({ part: sub, bind: imp, bindPath: ['imports', i] });
    });
    return imported;
}
/** Merges imported libraries into the importing file's part, binding their keys to a database. */
export function mergeImports(b, part, imported) {
    const { file } = part;
    for (const { part: sub, bind, bindPath } of imported) {
        part.types.push(...sub.types);
        part.channels.push(...sub.channels);
        part.services.push(...sub.services);
        part.refs.push(...sub.refs);
        part.notifications.push(...sub.notifications);
        if (sub.unboundKeys.length === 0)
            continue;
        if (part.kind === 'library' && bind.database === undefined) {
            part.unboundKeys.push(...sub.unboundKeys);
        }
        else if (bind.database === undefined) {
            b.report('KS164', file, bindPath, `'${bind.spec}' declares keys; say which database they live in with \`database:\``);
        }
        else {
            const db = part.databases.find((d) => d.index === bind.database || d.name === bind.database || d.aliases.includes(String(bind.database)));
            if (!db) {
                b.report('KS171', file, [...bindPath, 'database'], `no database '${bind.database}' is declared`);
            }
            else {
                for (const u of sub.unboundKeys) {
                    const bound = { ...u.key, db: db.index, id: `${db.name}.${u.key.name}` };
                    db.keys.push(bound);
                    b.at.set(bound, b.at.get(u.key));
                    part.keyPaths.set(bound, [...bindPath, 'database']);
                }
            }
        }
    }
}
//# sourceMappingURL=imports.js.map