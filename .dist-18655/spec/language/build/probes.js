import { testPattern } from "../pattern.js";
import { matchesType } from "../placeholder-types.js";
import { closestHint } from "./builder.js";
export function checkProbes(b, services, channels, allKeys, resolveKey) {
    const channelNames = channels.map((c) => c.name);
    for (const sv of services) {
        for (const probe of sv.contract?.probes ?? []) {
            const { file: pf, path: pp } = b.probeSites.get(probe);
            const fits = (pattern, params, what, path) => {
                for (const part of pattern.parts) {
                    if (part.kind !== 'placeholder')
                        continue;
                    const v = params[part.name];
                    if (v === undefined)
                        b.report('KS174', pf, path, `probe '${probe.name}' gives no value for {${part.name}} of ${what} '${pattern.text}'`);
                    else if (!matchesType(part.type, v))
                        b.report('KS174', pf, path, `probe '${probe.name}': '${v}' is not a valid {${part.name}} (${part.type.name}) for ${what} '${pattern.text}'`);
                }
            };
            if (sv.contract?.websocket)
                fits(sv.contract.websocket, probe.params, 'the WebSocket path', [...pp, 'params']);
            const t = probe.trigger;
            if (t.kind === 'publish') {
                const ch = channels.find((c) => c.name === t.channel);
                if (!ch)
                    b.report('KS171', pf, [...pp, 'publish', 'channel'], `no channel '${t.channel}'`, closestHint(t.channel, channelNames));
                else {
                    if (!ch.probeSafe)
                        b.report('KS173', pf, [...pp, 'publish', 'channel'], `channel '${ch.name}' is not marked probeSafe`);
                    fits(ch.pattern, probe.params, 'channel', [...pp, 'params']);
                    const m = ch.messages.find((x) => x.name === t.message);
                    if (!m)
                        b.report('KS171', pf, [...pp, 'publish', 'message'], `channel '${ch.name}' has no message format '${t.message}'`, closestHint(t.message, ch.messages.map((x) => x.name)));
                    else if (m.format.kind === 'template')
                        fits(m.format.pattern, t.params, 'message', [...pp, 'publish', 'params']);
                    else if (t.text === undefined)
                        b.report('KS174', pf, [...pp, 'publish'], `probe '${probe.name}' needs \`text:\` for the ${m.format.kind} message '${m.name}'`);
                }
            }
            else if (t.key !== '') {
                const key = resolveKey(t.key);
                if (!key)
                    b.report('KS171', pf, [...pp, 'hset', 'key'], `no key pattern '${t.key}'`, closestHint(t.key, allKeys.map((k) => k.id)));
                else {
                    t.key = key.id;
                    if (!key.probeSafe)
                        b.report('KS173', pf, [...pp, 'hset', 'key'], `key pattern '${key.id}' is not marked probeSafe`);
                    if (key.type !== 'hash')
                        b.report('KS174', pf, [...pp, 'hset', 'key'], `'${key.id}' is a ${key.type}, not a hash`);
                    else if (!key.fields.some((f) => testPattern(f.pattern, t.field)) && !key.additionalFields)
                        b.report('KS174', pf, [...pp, 'hset', 'field'], `'${t.field}' is not a field of '${key.id}'`);
                    fits(key.pattern, probe.params, 'key', [...pp, 'params']);
                }
            }
        }
    }
}
//# sourceMappingURL=probes.js.map