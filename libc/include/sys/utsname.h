/* uname(): struct utsname (sysname, release, version, machine) comes from
 * the ABI header.  There is no nodename: the machine has no network name. */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H
#include <aurora/abi.h>

int uname(struct utsname *u);

#endif
