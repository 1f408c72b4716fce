#ifndef NBSHIP_CMALLOC_SHIM_H
#define NBSHIP_CMALLOC_SHIM_H
// glibc's malloc tuning (mallopt), for the nbship executable only.
#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
static inline void nbship_tune_malloc(void) { mallopt(M_MXFAST, 0); }
#else
static inline void nbship_tune_malloc(void) {}
#endif
#endif
