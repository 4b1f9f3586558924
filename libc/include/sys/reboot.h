/* reboot(cmd): REBOOT_POWEROFF or REBOOT_RESTART (from the ABI header).
 * Only uid 0 may call it (EPERM otherwise); on success it does not return. */
#ifndef _SYS_REBOOT_H
#define _SYS_REBOOT_H
#include <aurora/abi.h>

int reboot(int cmd);

#endif
