/**
 * The one door from tests into the running reference WEPPcloud world of examples/weppcloud: its two
 * relays and the seeded workload. Tests outside examples/ import these from here, never from examples/.
 * (The values it writes, pickles and ids, come through python-values.ts.)
 */
export { startWeppcloudServices, type BrokenRelay, type WeppcloudServices } from '../../examples/weppcloud/services.ts';
export { FAULTS, runWorkload, type Fault } from '../../examples/weppcloud/workload.ts';
