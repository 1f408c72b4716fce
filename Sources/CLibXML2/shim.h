#ifndef NBSHIP_CLIBXML2_SHIM_H
#define NBSHIP_CLIBXML2_SHIM_H
// libxml2's headers pull in the system ICU, which clashes with Foundation's copy.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#endif
