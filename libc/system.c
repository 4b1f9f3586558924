/* Calls about the whole machine: its name and its end. */
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include "libc.h"

int uname(struct utsname *u)   { return (int)__ret(sys_uname(u)); }
int reboot(int cmd)            { return (int)__ret(sys_reboot(cmd)); }
