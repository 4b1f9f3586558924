/*
 * Shared memory segments: a set of frames that several address spaces map
 * at once, so a store by one is seen by all.  System V segments (shmget)
 * and MAP_SHARED anonymous mappings are both segments; the latter simply
 * have no key.
 *
 * A segment's frames are allocated when it is made and freed when no area
 * maps it any more and it is no longer reachable by its key (removed with
 * IPC_RMID, or never named: IPC_PRIVATE and anonymous mappings).
 */
#ifndef IPC_SHM_H
#define IPC_SHM_H
#include <stdint.h>
#include <stdbool.h>

struct shm_seg {
	int64_t   id;          /* what shmget returns (anonymous ones: 0) */
	int64_t   key;         /* IPC_PRIVATE (0) for unnamed */
	uint64_t  npages;
	uint64_t *frames;      /* physical addresses, npages of them */
	int       maps;        /* areas (struct vma) that map it */
	bool      removed;     /* IPC_RMID done: no new shmget/shmat */
	bool      anon;        /* a MAP_SHARED mapping's backing */
};

/* A new anonymous segment of npages zeroed frames, or 0 (no memory). */
struct shm_seg *shm_new_anon(uint64_t npages);
void shm_ref(struct shm_seg *s);      /* one more area maps it */
void shm_unref(struct shm_seg *s);    /* one area fewer; may free it */
/* System-wide figures for system_memstats. */
void shm_totals(uint64_t *count, uint64_t *bytes);

#endif
