/**
 * What WEPPcloud's Python libraries write, as the reference workload of examples/weppcloud writes it at run
 * time: pickles (`pickle.dumps`, `zlib.compress`), seeded ids (uuid4, hex tokens, run ids) and rq's
 * timestamps. The one implementation lives there; tests import it from here (pure: no relays, no workload).
 */
export { epochSeconds, Ids, prng, pythonUtcIso, rqTimestamp, subSeed } from '../../examples/weppcloud/ids.ts';
export { pickleDumps, pyDict, pyFloat, pyTuple, zlibCompress, type PyValue } from '../../examples/weppcloud/pickle.ts';
