import CMalloc
import NBShipCLI

// glibc's fastbins make a large allocation after many small frees consolidate them first: about a fifth of the
// time of converting a large forest (hundreds of thousands of small strings and arrays) went there. Small
// allocations still come from the per-thread caches. Measured with `.ci/bench`.
nbship_tune_malloc()

NBShipCommand.main()
