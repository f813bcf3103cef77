/**
 * What managed Redis services allow, as data: per provider, whether each server feature keyspec's
 * checks use is available, limited or blocked, with the reason and where that is documented. The
 * validated model carries the row of the spec's `deployment.provider` (see `Deployment.limits`), so a
 * check the provider forbids can be skipped with this reason instead of failing. `unverified` means
 * the provider's documentation was not checked for that feature: the check runs and may fail.
 */
export const PROVIDERS = ['self-hosted', 'elasticache', 'memorystore', 'azure', 'upstash', 'redis-cloud', 'heroku'];
/** The server features keyspec's checks rely on. */
export const SERVER_FEATURES = [
    'config-get',
    'config-set',
    'acl',
    'monitor',
    'debug',
    'scripts',
    'keyspace-notifications',
    'multiple-databases',
    'cluster-mode',
];
const yes = (note = '') => ({ support: 'yes', note });
const no = (note) => ({ support: 'no', note });
const limited = (note) => ({ support: 'limited', note });
const unverified = (note = 'not checked against the provider documentation') => ({ support: 'unverified', note });
export const PROVIDER_INFO = {
    'self-hosted': {
        title: 'Self-hosted Redis or Valkey',
        sources: ['https://redis.io/docs/latest/commands/', 'https://valkey.io/commands/select/'],
        features: {
            'config-get': yes(),
            'config-set': yes(),
            acl: yes('Redis 6.0 and later'),
            monitor: yes(),
            debug: yes('may be disabled with enable-debug-command (Redis 7+: local connections only by default)'),
            scripts: yes(),
            'keyspace-notifications': yes('CONFIG SET notify-keyspace-events, or redis.conf'),
            'multiple-databases': yes('standalone; in cluster mode only DB 0, except Valkey 9.0 and later'),
            'cluster-mode': yes(),
        },
    },
    elasticache: {
        title: 'Amazon ElastiCache (Redis OSS / Valkey)',
        sources: ['https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ClientConfig.RestrictedCommands.html'],
        features: {
            'config-get': no('ElastiCache restricts the CONFIG command; settings live in the parameter group'),
            'config-set': no('ElastiCache restricts the CONFIG command; change the parameter group instead'),
            acl: limited('users and permissions are managed through ElastiCache RBAC user groups (CreateUser/ModifyUser)'),
            monitor: unverified('not on the restricted-command list; not verified on serverless caches'),
            debug: no('ElastiCache restricts the DEBUG command'),
            scripts: yes(),
            'keyspace-notifications': limited('set notify-keyspace-events in the cache parameter group'),
            'multiple-databases': limited('with cluster mode disabled; cluster mode enabled has only DB 0'),
            'cluster-mode': yes('cluster mode enabled'),
        },
    },
    memorystore: {
        title: 'Google Cloud Memorystore for Redis',
        sources: [
            'https://cloud.google.com/memorystore/docs/redis/product-constraints',
            'https://cloud.google.com/memorystore/docs/redis/supported-commands',
        ],
        features: {
            'config-get': no('Memorystore blocks the CONFIG command'),
            'config-set': no('Memorystore blocks the CONFIG command; supported settings are changed with gcloud'),
            acl: no('Memorystore for Redis blocks the ACL commands'),
            monitor: no('Memorystore blocks the MONITOR command'),
            debug: no('Memorystore blocks the DEBUG command'),
            scripts: yes('EVAL, EVALSHA and FCALL are supported'),
            'keyspace-notifications': limited('set notify-keyspace-events as a Redis configuration with gcloud (--redis-config, --update-redis-config)'),
            'multiple-databases': unverified(),
            'cluster-mode': limited('a separate product, Memorystore for Redis Cluster (or Memorystore for Valkey)'),
        },
    },
    azure: {
        title: 'Azure Cache for Redis',
        sources: ['https://learn.microsoft.com/azure/azure-cache-for-redis/cache-configure'],
        features: {
            'config-get': no('Azure Cache for Redis does not allow the CONFIG command'),
            'config-set': no('Azure Cache for Redis does not allow the CONFIG command; use the portal, CLI or PowerShell'),
            acl: unverified('access is managed with access policies in Azure; ACL commands not verified'),
            monitor: unverified(),
            debug: unverified(),
            scripts: yes(),
            'keyspace-notifications': limited('set notify-keyspace-events in the portal (Advanced settings) or with Set-AzRedisCache -RedisConfiguration'),
            'multiple-databases': limited('non-clustered caches; a clustered cache has only DB 0'),
            'cluster-mode': limited('Premium tier (and Azure Managed Redis)'),
        },
    },
    upstash: {
        title: 'Upstash Redis',
        sources: [
            'https://upstash.com/docs/redis/commands/server/config-set',
            'https://upstash.com/docs/redis/commands/server/config-get',
            'https://upstash.com/docs/redis/howto/keyspacenotifications',
        ],
        features: {
            'config-get': limited('only notify-keyspace-events is exposed; other names return no entries'),
            'config-set': limited('only notify-keyspace-events can be changed'),
            acl: unverified(),
            monitor: unverified(),
            debug: unverified(),
            scripts: unverified(),
            'keyspace-notifications': yes('CONFIG SET notify-keyspace-events'),
            'multiple-databases': unverified('the notification channels are documented for DB 0 only'),
            'cluster-mode': unverified(),
        },
    },
    'redis-cloud': {
        title: 'Redis Cloud',
        sources: [
            'https://redis.io/docs/latest/operate/rs/references/compatibility/commands/server/',
            'https://redis.io/docs/latest/operate/rs/references/compatibility/config-settings',
        ],
        features: {
            'config-get': limited('a subset of settings; others return an error'),
            'config-set': limited('a subset of settings (notify-keyspace-events included); others return an error'),
            acl: limited('ACL GETUSER/LIST/USERS work; ACL SETUSER, DELUSER, LOAD, SAVE, LOG are not available (use the console)'),
            monitor: unverified(),
            debug: unverified(),
            scripts: unverified(),
            'keyspace-notifications': yes('CONFIG SET notify-keyspace-events is supported'),
            'multiple-databases': unverified(),
            'cluster-mode': limited('Redis Cloud clustering is not the open-source cluster protocol unless the OSS Cluster API is enabled'),
        },
    },
    heroku: {
        title: 'Heroku Key-Value Store (Heroku Redis)',
        sources: ['https://help.heroku.com/5BP0E8RC/how-to-enable-notify-keyspace-events-on-redis'],
        features: {
            'config-get': no("Heroku disables CONFIG (ERR unknown command 'config')"),
            'config-set': no("Heroku disables CONFIG (ERR unknown command 'config')"),
            acl: unverified(),
            monitor: unverified(),
            debug: unverified(),
            scripts: unverified(),
            'keyspace-notifications': limited('heroku redis:keyspace-notifications <DB> -c <flags>'),
            'multiple-databases': unverified(),
            'cluster-mode': unverified(),
        },
    },
};
//# sourceMappingURL=providers.js.map