#ifndef NBSHIP_CLIBARCHIVE_SHIM_H
#define NBSHIP_CLIBARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <fcntl.h>
#ifdef __APPLE__
#include <xlocale.h>
#endif

// Macros Swift cannot import.
static const unsigned int NBSHIP_AE_IFREG = AE_IFREG;
static const unsigned int NBSHIP_AE_IFDIR = AE_IFDIR;
static const unsigned int NBSHIP_AE_IFLNK = AE_IFLNK;
static const int NBSHIP_ARCHIVE_OK = ARCHIVE_OK;
static const int NBSHIP_ARCHIVE_EOF = ARCHIVE_EOF;
static const int NBSHIP_ARCHIVE_WARN = ARCHIVE_WARN;
static const int NBSHIP_ARCHIVE_RETRY = ARCHIVE_RETRY;
static const int NBSHIP_ARCHIVE_FATAL = ARCHIVE_FATAL;
static const unsigned int NBSHIP_AE_IFMT = AE_IFMT;
static const unsigned int NBSHIP_AE_IFCHR = AE_IFCHR;
static const unsigned int NBSHIP_AE_IFBLK = AE_IFBLK;
static const unsigned int NBSHIP_AE_IFIFO = AE_IFIFO;
static const unsigned int NBSHIP_AE_IFSOCK = AE_IFSOCK;
// Locale masks are macros too; ArchiveKit switches LC_CTYPE to UTF-8 around libarchive calls.
static const int NBSHIP_LC_CTYPE_MASK = LC_CTYPE_MASK;
// Linux's unnamed temporary files (open(2) O_TMPFILE); 0 where the platform has none.
#if defined(__linux__) && defined(__O_TMPFILE)
static const int NBSHIP_O_TMPFILE = __O_TMPFILE | O_DIRECTORY;
#else
static const int NBSHIP_O_TMPFILE = 0;
#endif
#endif
