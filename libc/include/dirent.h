/* Directory reading: a library layer over getdents(). */
#ifndef _DIRENT_H
#define _DIRENT_H
#include <aurora/abi.h>
#include <stdint.h>

struct dirent {
	uint64_t d_ino;
	uint8_t  d_type;           /* DT_FILE, DT_DIR, ... */
	char     d_name[NAME_MAX + 1];
};

typedef struct __dir DIR;

DIR           *opendir(const char *path);
struct dirent *readdir(DIR *d);     /* NULL at the end or on error */
int            closedir(DIR *d);

#endif
