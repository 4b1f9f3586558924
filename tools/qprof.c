/*
 * qprof: a QEMU TCG plugin that counts the guest instructions executed per
 * translated block, inside a window, for tools/profile.sh.
 *
 *   -plugin build/tools/qprof.so,start=ADDR,stop=ADDR,out=FILE
 *
 * The window opens each time the block at guest address `start` runs and
 * closes when the block at `stop` runs (osbench's measure() and line(), so
 * only the timed loops count, not boot or setup).  At exit, FILE gets one
 * line per block: "vaddr instructions-executed", for the symbolizer.
 *
 * Counting is an inline add per block execution (no call into the plugin),
 * and the window works by snapshots: opening copies every counter, closing
 * adds the difference to the totals.  A block that leaves early (a fault in
 * its middle) is still counted whole: the error is an instruction or so per
 * fault.
 *
 * QEMU ships no plugin header on Debian, so the few entry points used are
 * declared here, as QEMU's plugin API version 1 (QEMU 4.2 to 8.x) has them.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the plugin API (version 1) ---------------------------------------- */
typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
typedef struct qemu_info_t qemu_info_t;              /* not looked at */
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t, struct qemu_plugin_tb *);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu, void *udata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t, void *udata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, qemu_plugin_vcpu_tb_trans_cb_t);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *, qemu_plugin_vcpu_udata_cb_t,
					  enum qemu_plugin_cb_flags, void *udata);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *, enum qemu_plugin_op,
					      void *ptr, uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, qemu_plugin_udata_cb_t, void *udata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *);

#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;

/* ---- counting ------------------------------------------------------------ */

struct block {
	uint64_t vaddr;
	uint64_t insns;         /* instructions in the block */
	uint64_t runs;          /* executions, bumped inline by QEMU */
	uint64_t at_open;       /* runs when the window last opened */
	uint64_t total;         /* runs inside windows */
};

/* Blocks live in chunks that never move (QEMU holds pointers to `runs`). */
#define CHUNK 4096
static struct block **chunks;
static size_t nblocks, nchunks;
static uint64_t start_addr, stop_addr;
static bool open_now;
static const char *out_path = "qprof.out";

static struct block *new_block(void)
{
	if (nblocks % CHUNK == 0) {
		chunks = realloc(chunks, (nchunks + 1) * sizeof(*chunks));
		chunks[nchunks] = calloc(CHUNK, sizeof(struct block));
		if (!chunks || !chunks[nchunks]) {
			fprintf(stderr, "qprof: out of memory\n");
			exit(1);
		}
		nchunks++;
	}
	struct block *b = &chunks[nblocks / CHUNK][nblocks % CHUNK];
	nblocks++;
	return b;
}

#define EACH(b) for (size_t i_ = 0; i_ < nblocks && ((b) = &chunks[i_ / CHUNK][i_ % CHUNK]); i_++)

static void window_open(unsigned int vcpu, void *udata)
{
	struct block *b;
	(void)vcpu, (void)udata;
	if (open_now)
		return;
	EACH(b)
		b->at_open = b->runs;
	open_now = true;
}

static void window_close(unsigned int vcpu, void *udata)
{
	struct block *b;
	(void)vcpu, (void)udata;
	if (!open_now)
		return;
	EACH(b)
		b->total += b->runs - b->at_open;
	open_now = false;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	(void)id;
	struct block *b = new_block();
	b->vaddr = qemu_plugin_tb_vaddr(tb);
	b->insns = qemu_plugin_tb_n_insns(tb);
	/* A block made while the window is open starts inside it. */
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &b->runs, 1);
	if (b->vaddr == start_addr)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, window_open, QEMU_PLUGIN_CB_NO_REGS, 0);
	if (b->vaddr == stop_addr)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, window_close, QEMU_PLUGIN_CB_NO_REGS, 0);
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	struct block *b;
	(void)id, (void)udata;
	window_close(0, 0);
	FILE *f = fopen(out_path, "w");
	if (!f) {
		perror(out_path);
		return;
	}
	EACH(b)
		if (b->total)
			fprintf(f, "%" PRIx64 " %" PRIu64 "\n", b->vaddr, b->total * b->insns);
	fclose(f);
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
			       int argc, char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "start=", 6))
			start_addr = strtoull(argv[i] + 6, 0, 0);
		else if (!strncmp(argv[i], "stop=", 5))
			stop_addr = strtoull(argv[i] + 5, 0, 0);
		else if (!strncmp(argv[i], "out=", 4))
			out_path = argv[i] + 4;
		else {
			fprintf(stderr, "qprof: unknown argument %s\n", argv[i]);
			return 1;
		}
	}
	if (!start_addr)                 /* no window: count everything */
		open_now = true;
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, at_exit, 0);
	return 0;
}
