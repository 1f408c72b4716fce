#ifndef NBSHIP_CMALLOC_SHIM_H
#define NBSHIP_CMALLOC_SHIM_H
// glibc's malloc tuning (mallopt), for the nbship executable only; a no-op elsewhere.
#if defined(__linux__)
#include <malloc.h>
#endif
#if defined(M_MXFAST)
static inline void nbship_tune_malloc(void) { mallopt(M_MXFAST, 0); }
#else
static inline void nbship_tune_malloc(void) {}
#endif
#endif
