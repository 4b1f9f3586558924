#ifndef LIB_PANIC_H
#define LIB_PANIC_H
struct trapframe;
/* Prints the message, the registers (if a frame is given) and a symbolized
 * backtrace, then stops the machine with a failing exit status. */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void panic_frame(struct trapframe *tf, const char *msg);
#define assert(c) do { if (!(c)) panic("assertion failed: %s (%s:%d)", #c, __FILE__, __LINE__); } while (0)

#define EXIT_PANIC 2   /* QEMU exit status 5 */
#endif
