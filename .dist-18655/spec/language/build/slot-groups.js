import { keyOf, splitExample, taggedPatternText, tagFault, tagTypeFault } from "../hash-tag.js";
import { keySlot } from "../hash-slot.js";
import { closestHint } from "./builder.js";
import { checkDuplicates } from "./uniqueness.js";
export function buildSlotGroups(b, part) {
    const { file, raw } = part;
    (raw.databases ?? []).forEach((rdb, di) => {
        if (!rdb.slotGroups?.length)
            return;
        const db = part.databases.find((d) => d.index === rdb.index && d.name === rdb.name);
        if (!db)
            return;
        const gpath = (gi) => ['databases', di, 'slotGroups', gi];
        checkDuplicates(b, rdb.slotGroups.map((g, gi) => ({ name: g.name, path: gpath(gi) })), file, 'slot group');
        const byName = new Map(db.keys.map((k) => [k.name, k]));
        const groupOf = new Map();
        rdb.slotGroups.forEach((rg, gi) => {
            const members = [];
            rg.keys.forEach((ref, ki) => {
                const path = [...gpath(gi), 'keys', ki];
                const key = byName.get(ref);
                if (!key) {
                    b.report('KS201', file, path, `slot group '${rg.name}' names '${ref}', which is not a key of database '${db.name}'`, closestHint(ref, [...byName.keys()]));
                    return;
                }
                const other = groupOf.get(key);
                if (other !== undefined) {
                    b.report('KS202', file, path, `key '${ref}' is already in slot group '${other}'`);
                    return;
                }
                groupOf.set(key, rg.name);
                members.push({ key, path });
            });
            // The tag's type(s), as the members declare the placeholder.
            const types = new Map();
            for (const { key } of members)
                for (const p of key.pattern.parts)
                    if (p.kind === 'placeholder' && p.name === rg.tag)
                        types.set(p.type.name, p.type);
            for (const type of types.values()) {
                const fault = tagTypeFault(type);
                if (!fault)
                    continue;
                const example = fault.empty
                    ? emptyTagExample(members.map((m) => m.key), rg.tag)
                    : '';
                b.report(fault.empty ? 'KS204' : 'KS205', file, [...gpath(gi), 'tag'], `tag {${rg.tag}} of slot group '${rg.name}': ${fault.reason}${example}`);
            }
            const all = members.map((m) => ({ name: m.key.name, pattern: m.key.pattern }));
            const good = all.filter((m) => !tagFault(m.pattern, rg.tag));
            for (const { key, path } of members) {
                if (!key.pattern.placeholders.includes(rg.tag)) {
                    b.report('KS203', file, path, `key '${key.name}' ('${key.pattern.text}') has no placeholder {${rg.tag}}, the tag of slot group '${rg.name}'`);
                    continue;
                }
                const fault = tagFault(key.pattern, rg.tag);
                if (!fault)
                    continue;
                const me = { name: key.name, pattern: key.pattern };
                const others = [...good, ...all.filter((m) => m.name !== key.name && !good.includes(m))].filter((m) => m.pattern.placeholders.includes(rg.tag));
                const tagType = types.values().next().value;
                const example = splitExample(me, fault, others, rg.tag, tagType);
                const fixed = taggedPatternText(key.pattern, rg.tag);
                b.report('KS200', file, path, `key '${key.name}' ('${key.pattern.text}') of slot group '${rg.name}' does not hash by {${rg.tag}}: ${fault.reason}${example ? `; ${example}` : ''}`, fixed ? `Write its pattern as '${fixed}' (keys then carry {<${rg.tag}>} as their hash tag).` : undefined);
            }
            for (const { key } of members)
                key.slotGroup = rg.name;
            const group = {
                name: rg.name,
                tag: rg.tag,
                keys: members.map((m) => m.key.id),
                ...(rg.description !== undefined ? { description: rg.description } : {}),
            };
            db.slotGroups.push(b.place(group, file, gpath(gi)));
        });
    });
}
/** Keys of the first two members with an empty tag value, and their slots (for KS204). */
function emptyTagExample(keys, tag) {
    const shown = keys.flatMap((k) => {
        const text = keyOf(k.pattern, { [tag]: '' });
        return text === undefined ? [] : [`'${text}' (${k.name}) is in slot ${keySlot(text)}`];
    });
    return shown.length ? `; for ${tag} = '', ${shown.slice(0, 2).join(' but ')}` : '';
}
//# sourceMappingURL=slot-groups.js.map