/**
 * What managed Redis services allow, as data: per provider, whether each server feature keyspec's
 * checks use is available, limited or blocked, with the reason and where that is documented. The
 * validated model carries the row of the spec's `deployment.provider` (see `Deployment.limits`), so a
 * check the provider forbids can be skipped with this reason instead of failing. `unverified` means
 * the provider's documentation was not checked for that feature: the check runs and may fail.
 */
export declare const PROVIDERS: readonly ["self-hosted", "elasticache", "memorystore", "azure", "upstash", "redis-cloud", "heroku"];
export type Provider = (typeof PROVIDERS)[number];
/** The server features keyspec's checks rely on. */
export declare const SERVER_FEATURES: readonly ["config-get", "config-set", "acl", "monitor", "debug", "scripts", "keyspace-notifications", "multiple-databases", "cluster-mode"];
export type ServerFeature = (typeof SERVER_FEATURES)[number];
export type FeatureSupport = 'yes' | 'limited' | 'no' | 'unverified';
export interface FeatureLimit {
    support: FeatureSupport;
    /** Why, or how to get it another way (e.g. where notification flags are set instead of CONFIG SET). */
    note: string;
}
export interface ProviderInfo {
    title: string;
    /** Documentation the row is taken from. */
    sources: string[];
    features: Record<ServerFeature, FeatureLimit>;
}
export declare const PROVIDER_INFO: Record<Provider, ProviderInfo>;
//# sourceMappingURL=providers.d.ts.map