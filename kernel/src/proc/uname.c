/* uname(2): what this kernel is (version.h). */
#include "proc/syscall.h"
#include "mm/usercopy.h"
#include "lib/string.h"
#include "version.h"
#include <aurora/abi.h>

/* uname(struct utsname *buf): fills the whole structure, NUL-padded. */
long sys_uname(struct trapframe *tf)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, KERNEL_NAME, sizeof(u.sysname));
	strlcpy(u.release, KERNEL_VERSION, sizeof(u.release));
	strlcpy(u.version, KERNEL_BUILD, sizeof(u.version));
	strlcpy(u.machine, KERNEL_MACHINE, sizeof(u.machine));
	return copy_to_user(ARG0(tf), &u, sizeof(u)) < 0 ? -EFAULT : 0;
}
