/** The origin id of each kind of model object. */
export const originId = {
    type: (name) => `type:${name}`,
    database: (index) => `database:${index}`,
    slotGroup: (db, name) => `slotGroup:${db}/${name}`,
    key: (keyId) => `key:${keyId}`,
    field: (keyId, field) => `field:${keyId}/${field}`,
    channel: (name) => `channel:${name}`,
    message: (channel, message) => `message:${channel}/${message}`,
    notification: (name) => `notification:${name}`,
    service: (name) => `service:${name}`,
    probe: (service, probe) => `probe:${service}/${probe}`,
    env: (name) => `env:${name}`,
    connection: (name) => `connection:${name}`,
    import: (as) => `import:${as}`,
    server: () => 'server',
    deployment: () => 'deployment',
    /** A library's top-level `keys:`. */
    libraryKeys: () => 'keys',
};
/** Where a part of the model is declared; the top of the entry file if the id is unknown. */
export function originOf(spec, id) {
    return spec.origins[id] ?? { file: spec.files[0] ?? spec.name, line: 1, column: 1 };
}
//# sourceMappingURL=origins.js.map