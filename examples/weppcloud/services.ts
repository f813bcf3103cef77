/**
 * Starts WEPPcloud's two WebSocket services against one Redis: the status relay (status2) and the
 * preflight relay (preflight2). Used by the demo and by `keyspec observe` / `keyspec probe` tests.
 *
 * ```ts
 * const services = await startWeppcloudServices({ redisUrl: 'redis://127.0.0.1:6390' });
 * new WebSocket(`${services.statusUrl}/busy-beaver:wepp`);   // {"type":"status","data":...}
 * new WebSocket(`${services.preflightUrl}/busy-beaver`);     // {"type":"preflight",...}
 * await services.stop();
 * ```
 */
import { startPreflightRelay, type PreflightRelay } from './preflight-relay.ts';
import type { HeartbeatOptions, RelayLogger } from './relay-server.ts';
import { startStatusRelay, type BrokenRelay, type StatusRelay } from './status-relay.ts';

export type { BrokenRelay } from './status-relay.ts';

export interface WeppcloudServicesOptions extends HeartbeatOptions {
  /** The Redis both services use (the status relay selects DB 2, the preflight relay DB 0). */
  redisUrl: string;
  /** Port of the status relay (default 0: a free port; the real service listens on 9002). */
  statusPort?: number;
  /** Port of the preflight relay (default 0: a free port; the real service listens on 9001). */
  preflightPort?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Make the status relay misbehave, for probe tests. */
  brokenRelay?: BrokenRelay;
  log?: RelayLogger;
}

export interface WeppcloudServices {
  /** `ws://host:port` of the status relay; connect to `${statusUrl}/<runid>:<channel>`. */
  statusUrl: string;
  /** `ws://host:port` of the preflight relay; connect to `${preflightUrl}/<runid>`. */
  preflightUrl: string;
  status: StatusRelay;
  preflight: PreflightRelay;
  /** Hangs up every socket and closes both servers and their Redis connections. */
  stop(): Promise<void>;
}

export async function startWeppcloudServices(options: WeppcloudServicesOptions): Promise<WeppcloudServices> {
  const heartbeat: HeartbeatOptions = {
    ...(options.pingIntervalMs !== undefined ? { pingIntervalMs: options.pingIntervalMs } : {}),
    ...(options.pongTimeoutMs !== undefined ? { pongTimeoutMs: options.pongTimeoutMs } : {}),
    ...(options.writeTimeoutMs !== undefined ? { writeTimeoutMs: options.writeTimeoutMs } : {}),
  };
  const common = {
    redisUrl: options.redisUrl,
    ...heartbeat,
    ...(options.host ? { host: options.host } : {}),
    ...(options.log ? { log: options.log } : {}),
  };
  const status = await startStatusRelay({
    ...common,
    port: options.statusPort ?? 0,
    ...(options.brokenRelay ? { brokenRelay: options.brokenRelay } : {}),
  });
  let preflight: PreflightRelay;
  try {
    preflight = await startPreflightRelay({ ...common, port: options.preflightPort ?? 0 });
  } catch (e) {
    await status.stop();
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    statusUrl: status.url,
    preflightUrl: preflight.url,
    status,
    preflight,
    stop() {
      stopping ??= Promise.all([status.stop(), preflight.stop()]).then(() => undefined);
      return stopping;
    },
  };
}
