/* The C side of program start-up (see crt0.S). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char **environ;
int errno;

static const char *progname = "?";

const char *getprogname(void)  { return progname; }

void setprogname(const char *name)
{
	const char *slash = strrchr(name, '/');

	/* "/bin/ls" -> "ls"; a trailing slash leaves the name as given. */
	progname = (slash && slash[1]) ? slash + 1 : name;
}

int main(int argc, char **argv, char **envp);
void __libc_start(int argc, char **argv, char **envp) __attribute__((noreturn));

void __libc_start(int argc, char **argv, char **envp)
{
	environ = envp;
	if (argc > 0 && argv[0] && argv[0][0])
		setprogname(argv[0]);
	exit(main(argc, argv, envp));
}
