/* Time: struct timespec comes from the ABI header. */
#ifndef _TIME_H
#define _TIME_H
#include <aurora/abi.h>
#include <sys/types.h>

int nanosleep(const struct timespec *req, struct timespec *rem);
/* Not ISO C's clock(): the Aurora call, which = CLOCK_TSC, CLOCK_TSC_HZ or
 * CLOCK_NS_BOOT.  Returns -1 and sets errno on failure. */
int64_t clock(int which);

#endif
