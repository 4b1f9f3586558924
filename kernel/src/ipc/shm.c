/*
 * Shared memory: System V segments (shmget, shmat, shmdt, shmctl) and the
 * anonymous segments behind MAP_SHARED mappings.  See shm.h.
 *
 * Attaching maps the segment's own frames (PTE_SHARED, so fork shares them
 * too instead of copying on write): a store through one mapping is a store
 * to the one frame every attacher sees.  shm_sync and shm_refresh therefore
 * have nothing to copy; they check their region and fence, so that stores
 * before the call are visible to anyone reading after it.
 */
#include "ipc/shm.h"
#include "proc/syscall.h"
#include "proc/proc.h"
#include "mm/uvm.h"
#include "mm/pmm.h"
#include "mm/kheap.h"
#include "mm/usercopy.h"
#include "lib/string.h"
#include <aurora/abi.h>

#define SHM_SEGS    128                 /* System V segments at once */
#define SHM_MAX     (64ull << 20)       /* the largest segment: 64 MiB */

static struct shm_seg *segs[SHM_SEGS];  /* the named ones, by slot */
static int64_t next_id = 1;

static struct shm_seg *seg_alloc(uint64_t npages)
{
	struct shm_seg *s = kmalloc(sizeof(*s));
	uint64_t *frames = s ? kmalloc(npages * sizeof(uint64_t)) : 0;
	if (!frames) {
		kfree(s);
		return 0;
	}
	s->frames = frames;
	for (uint64_t i = 0; i < npages; i++) {
		if (!(frames[i] = pmm_alloc())) {
			while (i--)
				pmm_free(frames[i]);
			kfree(frames);
			kfree(s);
			return 0;
		}
	}
	s->npages = npages;
	return s;
}

static void seg_free(struct shm_seg *s)
{
	for (int i = 0; i < SHM_SEGS; i++)
		if (segs[i] == s)
			segs[i] = 0;
	for (uint64_t i = 0; i < s->npages; i++)
		pmm_free(s->frames[i]);
	kfree(s->frames);
	kfree(s);
}

struct shm_seg *shm_new_anon(uint64_t npages)
{
	struct shm_seg *s = seg_alloc(npages);
	if (s)
		s->anon = true;
	return s;
}

void shm_ref(struct shm_seg *s) { s->maps++; }

void shm_unref(struct shm_seg *s)
{
	if (--s->maps == 0 && (s->removed || s->anon || s->key == IPC_PRIVATE))
		seg_free(s);
}

void shm_totals(uint64_t *count, uint64_t *bytes)
{
	*count = *bytes = 0;
	for (int i = 0; i < SHM_SEGS; i++) {
		if (segs[i]) {
			(*count)++;
			*bytes += segs[i]->npages * PAGE_SIZE;
		}
	}
}

/* A segment by ID that may still be attached (not removed), or 0. */
static struct shm_seg *seg_by_id(int64_t id, bool *removed)
{
	for (int i = 0; i < SHM_SEGS; i++) {
		if (segs[i] && segs[i]->id == id) {
			*removed = segs[i]->removed;
			return segs[i];
		}
	}
	*removed = false;
	return 0;
}

/*
 * shmget(key, size, flags) -> segment ID.  IPC_PRIVATE always makes a new
 * one; another key finds its segment (IPC_CREAT|IPC_EXCL: EEXIST; bigger
 * than it: EINVAL) or, with IPC_CREAT, makes it (else ENOENT).  Sizes are
 * rounded up to pages; the low nine bits of flags are a mode, accepted and
 * not yet enforced.
 */
long sys_shmget(struct trapframe *tf)
{
	int64_t key = (int64_t)ARG0(tf);
	uint64_t size = ARG1(tf), flags = ARG2(tf);

	if (flags & ~(uint64_t)(IPC_CREAT | IPC_EXCL | 0777))
		return -EINVAL;
	if (key != IPC_PRIVATE) {
		for (int i = 0; i < SHM_SEGS; i++) {
			struct shm_seg *s = segs[i];
			if (!s || s->removed || s->key != key)
				continue;
			if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
				return -EEXIST;
			if (size > s->npages * PAGE_SIZE)
				return -EINVAL;
			return s->id;
		}
		if (!(flags & IPC_CREAT))
			return -ENOENT;
	}
	if (size == 0 || size > SHM_MAX)
		return -EINVAL;
	int slot = -1;
	for (int i = 0; i < SHM_SEGS && slot < 0; i++)
		if (!segs[i])
			slot = i;
	if (slot < 0)
		return -ENOSPC;
	struct shm_seg *s = seg_alloc((size + PAGE_SIZE - 1) / PAGE_SIZE);
	if (!s)
		return -ENOMEM;
	s->id = next_id++;
	s->key = key;
	segs[slot] = s;
	return s->id;
}

/* shmat(id, prot, addr_out) -> region ID, usable with mem_read/mem_write. */
long sys_shmat(struct trapframe *tf)
{
	int64_t id = (int64_t)ARG0(tf);
	uint64_t prot = ARG1(tf), uout = ARG2(tf);
	struct proc *p = current();
	bool removed;
	struct shm_seg *s = seg_by_id(id, &removed);

	if (!s)
		return -EINVAL;
	if (removed)
		return -EIDRM;
	if (prot != PROT_READ && prot != PROT_READ_WRITE && prot != PROT_READ_EXEC)
		return -EINVAL;
	if (uvm_charge_ok(p, s->npages) < 0)
		return -ENOMEM;
	if (uvm_check_addr_out(uout) < 0)
		return -EFAULT;
	struct vma a = { .prot = (uint32_t)prot, .kind = VMA_SHM, .seg = s,
			 .size = s->npages * PAGE_SIZE };
	return uvm_add_region(p, &a, s->npages, uout);
}

static struct vma *shm_region(struct proc *p, int64_t region)
{
	struct vma *a = uvm_find_region(p, region);
	return a && a->kind == VMA_SHM ? a : 0;
}

long sys_shmdt(struct trapframe *tf)
{
	struct proc *p = current();
	struct vma *a = shm_region(p, (int64_t)ARG0(tf));
	if (!a)
		return -EINVAL;
	uvm_unmap(p, a->start, a->end);
	return 0;
}

/* shmctl(id, IPC_RMID): the key is forgotten at once; the frames go with
 * the last detach. */
long sys_shmctl(struct trapframe *tf)
{
	int64_t id = (int64_t)ARG0(tf);
	bool removed;
	struct shm_seg *s = seg_by_id(id, &removed);
	if (ARG1(tf) != IPC_RMID || !s || removed)
		return -EINVAL;
	s->removed = true;
	if (s->maps == 0)
		seg_free(s);
	return 0;
}

static long shm_fence(struct trapframe *tf)
{
	if (!shm_region(current(), (int64_t)ARG0(tf)))
		return -EINVAL;
	__asm__ volatile("mfence" ::: "memory");
	return 0;
}

long sys_shm_sync(struct trapframe *tf)    { return shm_fence(tf); }
long sys_shm_refresh(struct trapframe *tf) { return shm_fence(tf); }
