/* Sockets.  AF_*, SOCK_* and struct sockaddr_in come from the ABI header. */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H
#include <aurora/abi.h>
#include <sys/types.h>

/* Integers in the ABI are 64-bit unless a width is given: so is *lenp. */
typedef uint64_t socklen_t;

struct sockaddr {           /* the generic shape every address starts with */
	uint16_t sa_family;
	char     sa_data[14];
};

int     socket(int domain, int type, int proto);
int     bind(int fd, const struct sockaddr *addr, socklen_t len);
int     connect(int fd, const struct sockaddr *addr, socklen_t len);
int     listen(int fd, int backlog);
int     accept(int fd, struct sockaddr *addr, socklen_t *lenp);
ssize_t send(int fd, const void *buf, size_t len, int flags);
ssize_t recv(int fd, void *buf, size_t len, int flags);

#endif
