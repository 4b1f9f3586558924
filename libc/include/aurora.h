/*
 * Aurora-specific interface: the axeberg calls under their own names, kinfo,
 * and the raw layer (<sys/syscall.h>).  Like the POSIX names, these return -1
 * and set errno on failure; the raw sys_* forms return -E<code> instead.
 */
#ifndef _AURORA_H
#define _AURORA_H
#include <aurora/abi.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/syscall.h>

/* Memory regions: whole pages with a protection (PROT_READ, PROT_READ_WRITE,
 * PROT_READ_EXEC).  addr_out, if not NULL, receives the mapped address. */
long mem_alloc(size_t size, int prot, void **addr_out);   /* -> region ID */
int  mem_free(long region);
long mem_read(long region, size_t offset, void *buf, size_t len);
long mem_write(long region, size_t offset, const void *buf, size_t len);

/* System V style shared memory and message queues. */
long shmget(long key, size_t size, int flags);            /* -> segment ID */
long shmat(long segment, int prot, void **addr_out);      /* -> region ID */
int  shmdt(long region);
int  shmctl(long segment, int cmd);
int  shm_sync(long region);
int  shm_refresh(long region);
long msgget(long key, int flags);                          /* -> queue ID */
int  msgsnd(long queue, const void *msg, size_t len, int flags);
long msgrcv(long queue, void *msg, size_t maxlen, long type, int flags);
int  msgctl(long queue, int cmd);

/* Memory accounting. */
int  memstats(struct mem_stats *st);
int  set_memlimit(uint64_t bytes);                         /* 0: unlimited */
int  system_memstats(struct system_mem_stats *st);

/* Console and windows. */
int  window_create(const char *title, uint64_t width, uint64_t height); /* fd */
long console_push_input(const void *buf, size_t len);
long console_take_output(void *buf, size_t len);

/* Timers: wake_pid 0 = send SIGALRM to the caller instead. */
long timer_set(uint64_t delay_ms, int wake_pid);           /* -> timer ID */
long timer_interval(uint64_t interval_ms, int wake_pid);   /* -> timer ID */
int  timer_cancel(long timer);                             /* -> 1 or 0 */

/* Tracing and the system-call filter. */
int  trace_enable(void);
int  trace_disable(void);
int  trace_enabled(void);                                  /* -> 1 or 0 */
long trace_summary(struct trace_summary *s, size_t size);  /* -> bytes */
int  trace_reset(void);
int  trace_event(const char *text, size_t len);
int  filter_set(const uint8_t bitmap[32]);
/* The trace ring, oldest first: -> records copied (at most count). */
long trace_read(struct trace_record *buf, size_t count);

/* What `ps` shows about the process in table slot `slot` (0..NPROC_MAX-1):
 * -> its pid; ESRCH for an unused slot, EINVAL past the end. */
int  proc_info(int slot, struct proc_info *out, size_t size);

/* Kernel counters for tests (KINFO_FREE_PAGES, KINFO_NPROCS, ...). */
long kinfo(int which);

/* Library helpers over stat/getdents. */
int  exists(const char *path);                             /* -> 1 or 0 */

#endif
