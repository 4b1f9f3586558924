/* The C side of program start-up (see crt0.S). */
#include <stdlib.h>
#include <unistd.h>

char **environ;
int errno;

int main(int argc, char **argv, char **envp);
void __libc_start(int argc, char **argv, char **envp) __attribute__((noreturn));

void __libc_start(int argc, char **argv, char **envp)
{
	environ = envp;
	exit(main(argc, argv, envp));
}
