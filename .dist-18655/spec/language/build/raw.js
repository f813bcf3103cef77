export {};
//# sourceMappingURL=raw.js.map