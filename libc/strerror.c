/* strerror: texts built from the ABI's error list, so a new code gets its
 * text by being added there, once. */
#include <aurora/abi.h>
#include <string.h>

#define ERRTEXT(name, value, text) [value] = text,
static const char *const texts[AURORA_ERRNO_MAX] = {
	[0] = "Success",
	AURORA_ERRORS(ERRTEXT)
};
#undef ERRTEXT

char *strerror(int err)
{
	/* Accept raw kernel results (-E) as well as errno values (E). */
	if (err < 0)
		err = -err;
	if (err < AURORA_ERRNO_MAX && texts[err])
		return (char *)texts[err];
	return "Unknown error";
}
