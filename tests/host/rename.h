/*
 * Host builds of the pure kernel code: string.c and fmt.c define memcpy,
 * snprintf, ... which would clash with glibc's (and with the copies that
 * AddressSanitizer intercepts).  host.mk force-includes this header into
 * those sources (-include), so every public name becomes k_NAME; the tests
 * call the k_ names and can still use glibc's as a reference.
 *
 * A test file gets the k_ prototypes with
 *     #include "rename.h"
 *     #include "lib/string.h"
 *     #include "lib/fmt.h"
 *     #define RENAME_UNDO
 *     #include "rename.h"
 * after all system headers; the second inclusion drops the macros again so
 * plain names mean glibc in the rest of the test.  Keep both lists in step
 * with kernel/src/lib/string.h and fmt.h.
 */
#ifndef RENAME_UNDO

#define memcpy      k_memcpy
#define memmove     k_memmove
#define memset      k_memset
#define memcmp      k_memcmp
#define memchr      k_memchr
#define strlen      k_strlen
#define strnlen     k_strnlen
#define strcmp      k_strcmp
#define strncmp     k_strncmp
#define strcpy      k_strcpy
#define strncpy     k_strncpy
#define strlcpy     k_strlcpy
#define strcat      k_strcat
#define strchr      k_strchr
#define strrchr     k_strrchr
#define strstr      k_strstr
#define fmt_vformat k_fmt_vformat
#define vsnprintf   k_vsnprintf
#define snprintf    k_snprintf

#else

#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strcpy
#undef strncpy
#undef strlcpy
#undef strcat
#undef strchr
#undef strrchr
#undef strstr
#undef fmt_vformat
#undef vsnprintf
#undef snprintf
#undef RENAME_UNDO

#endif
