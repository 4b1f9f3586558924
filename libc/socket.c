/* Sockets. */
#include <sys/socket.h>
#include <sys/syscall.h>
#include "libc.h"

int socket(int domain, int type, int proto)
{ return (int)__ret(sys_socket(domain, type, proto)); }
int bind(int fd, const struct sockaddr *addr, socklen_t len)
{ return (int)__ret(sys_bind(fd, addr, len)); }
int connect(int fd, const struct sockaddr *addr, socklen_t len)
{ return (int)__ret(sys_connect(fd, addr, len)); }
int listen(int fd, int backlog)
{ return (int)__ret(sys_listen(fd, backlog)); }
int accept(int fd, struct sockaddr *addr, socklen_t *lenp)
{ return (int)__ret(sys_accept(fd, addr, lenp)); }
ssize_t send(int fd, const void *buf, size_t len, int flags)
{ return __ret(sys_send(fd, buf, len, flags)); }
ssize_t recv(int fd, void *buf, size_t len, int flags)
{ return __ret(sys_recv(fd, buf, len, flags)); }
