export const REDIS_TYPES = ['string', 'hash', 'list', 'set', 'zset', 'stream'];
//# sourceMappingURL=model.js.map