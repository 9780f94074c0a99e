/**
 * The engine's JavaScript heap ceiling (`node --max-old-space-size`), set where the process starts:
 * the npm start scripts and the image's entrypoint, as `${ENGINE_MAX_HEAP_MB:-192}`.
 *
 * Why a ceiling: what the engine keeps alive is small and does not grow with the data (a page of
 * records, caches with caps: about 70 MiB live in a worker at 5,000 or at 100,000 rows). Without a
 * ceiling V8 sizes its old generation from how cheap collection has been, so a long run lets garbage
 * pile up to several times the live size before a full collection: the same work peaked 35% higher
 * over 30,000 rows than over 5,000. With the ceiling, full collections come sooner and the peak stays
 * where the live set puts it. Raise ENGINE_MAX_HEAP_MB for unusually large pages or settings.
 */
import { getHeapStatistics } from 'node:v8';

export const DEFAULT_MAX_HEAP_MB = 192;

/** The ceiling this process runs with (V8's own limit, which the flag sets), in MiB. */
export const heapLimitMib = (): number => Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024);
