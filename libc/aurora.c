/* The axeberg calls and kinfo, under their own names: -1 and errno on
 * failure, like the POSIX layer. */
#include <aurora.h>
#include <sys/stat.h>
#include "libc.h"

long mem_alloc(size_t size, int prot, void **addr_out)
{ return __ret(sys_mem_alloc(size, prot, addr_out)); }
int mem_free(long region)          { return (int)__ret(sys_mem_free(region)); }
long mem_read(long region, size_t offset, void *buf, size_t len)
{ return __ret(sys_mem_read(region, offset, buf, len)); }
long mem_write(long region, size_t offset, const void *buf, size_t len)
{ return __ret(sys_mem_write(region, offset, buf, len)); }

long shmget(long key, size_t size, int flags)
{ return __ret(sys_shmget(key, size, flags)); }
long shmat(long segment, int prot, void **addr_out)
{ return __ret(sys_shmat(segment, prot, addr_out)); }
int shmdt(long region)             { return (int)__ret(sys_shmdt(region)); }
int shmctl(long segment, int cmd)  { return (int)__ret(sys_shmctl(segment, cmd)); }
int shm_sync(long region)          { return (int)__ret(sys_shm_sync(region)); }
int shm_refresh(long region)       { return (int)__ret(sys_shm_refresh(region)); }
long msgget(long key, int flags)   { return __ret(sys_msgget(key, flags)); }
int msgsnd(long queue, const void *msg, size_t len, int flags)
{ return (int)__ret(sys_msgsnd(queue, msg, len, flags)); }
long msgrcv(long queue, void *msg, size_t maxlen, long type, int flags)
{ return __ret(sys_msgrcv(queue, msg, maxlen, type, flags)); }
int msgctl(long queue, int cmd)    { return (int)__ret(sys_msgctl(queue, cmd)); }

int memstats(struct mem_stats *st) { return (int)__ret(sys_memstats(st)); }
int set_memlimit(uint64_t bytes)   { return (int)__ret(sys_set_memlimit(bytes)); }
int system_memstats(struct system_mem_stats *st)
{ return (int)__ret(sys_system_memstats(st)); }

int window_create(const char *title, uint64_t width, uint64_t height)
{ return (int)__ret(sys_window_create(title, width, height)); }
long console_push_input(const void *buf, size_t len)
{ return __ret(sys_console_push_input(buf, len)); }
long console_take_output(void *buf, size_t len)
{ return __ret(sys_console_take_output(buf, len)); }

long timer_set(uint64_t delay_ms, int wake_pid)
{ return __ret(sys_timer_set(delay_ms, wake_pid)); }
long timer_interval(uint64_t interval_ms, int wake_pid)
{ return __ret(sys_timer_interval(interval_ms, wake_pid)); }
int timer_cancel(long timer)       { return (int)__ret(sys_timer_cancel(timer)); }

int trace_enable(void)             { return (int)__ret(sys_trace_enable()); }
int trace_disable(void)            { return (int)__ret(sys_trace_disable()); }
int trace_enabled(void)            { return (int)__ret(sys_trace_enabled()); }
long trace_summary(struct trace_summary *s, size_t size)
{ return __ret(sys_trace_summary(s, size)); }
int trace_reset(void)              { return (int)__ret(sys_trace_reset()); }
int trace_event(const char *text, size_t len)
{ return (int)__ret(sys_trace_event(text, len)); }
int filter_set(const uint8_t bitmap[32])
{ return (int)__ret(sys_filter_set(bitmap)); }
long trace_read(struct trace_record *buf, size_t count)
{ return __ret(sys_trace_read(buf, count)); }

int proc_info(int slot, struct proc_info *out, size_t size)
{ return (int)__ret(sys_proc_info(slot, out, size)); }

long kinfo(int which)              { return __ret(sys_kinfo(which)); }

/* axeberg's exists(): a stat that succeeds. */
int exists(const char *path)
{
	struct stat st;

	return sys_stat(path, &st) == 0;
}
