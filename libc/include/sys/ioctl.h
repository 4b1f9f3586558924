#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

/* The third argument is an integer or a pointer, as the request needs. */
int ioctl(int fd, unsigned long request, ...);

#endif
