#ifndef NBSHIP_CLIBARCHIVE_SHIM_H
#define NBSHIP_CLIBARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

// Macros Swift cannot import.
static const unsigned int NBSHIP_AE_IFREG = AE_IFREG;
static const unsigned int NBSHIP_AE_IFDIR = AE_IFDIR;
static const unsigned int NBSHIP_AE_IFLNK = AE_IFLNK;
static const int NBSHIP_ARCHIVE_OK = ARCHIVE_OK;
static const int NBSHIP_ARCHIVE_EOF = ARCHIVE_EOF;
static const int NBSHIP_ARCHIVE_WARN = ARCHIVE_WARN;
static const int NBSHIP_ARCHIVE_RETRY = ARCHIVE_RETRY;
#endif
