/* Sleeping and clocks. */
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "libc.h"

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)__ret(sys_nanosleep(req, rem));
}

int64_t clock(int which)  { return __ret(sys_clock(which)); }

unsigned sleep(unsigned seconds)
{
	struct timespec req = { seconds, 0 }, rem = { 0, 0 };

	/* On a signal POSIX wants the seconds left, rounded up. */
	if (nanosleep(&req, &rem) < 0 && errno == EINTR)
		return (unsigned)(rem.tv_sec + (rem.tv_nsec > 0));
	return 0;
}

int usleep(unsigned long usec)
{
	struct timespec req = { (int64_t)(usec / 1000000),
				(int64_t)(usec % 1000000) * 1000 };

	return nanosleep(&req, NULL);
}
