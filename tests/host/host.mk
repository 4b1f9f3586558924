# Host unit tests of the pure kernel code, under AddressSanitizer + UBSan.
# Included by the top Makefile (which defines BUILD, CC and V).
#
#   make host-tests     build build/host/test_* and run them all
#
# tests/host/test_NAME.c is linked with the sources listed in
# HOST_SRC_test_NAME.  Those are compiled with tests/host/rename.h forced in,
# so memcpy, snprintf, ... become k_memcpy, k_snprintf, ... and do not clash
# with glibc.

HOST_DIR    := $(BUILD)/host
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror \
               -fsanitize=address,undefined -fno-sanitize-recover=all \
               -Iinclude -Ikernel/src -MMD -MP
# As in the kernel, gcc must not replace our loops or calls with its
# builtins: we want to test our code, not glibc's.
HOST_SRCFLAGS := $(HOST_CFLAGS) -fno-builtin -fno-tree-loop-distribute-patterns \
                 -include tests/host/rename.h

HOST_TESTS := $(sort $(basename $(notdir $(wildcard tests/host/test_*.c))))
HOST_BINS  := $(HOST_TESTS:%=$(HOST_DIR)/%)

HOST_SRC_test_string := kernel/src/lib/string.c
HOST_SRC_test_fmt    := kernel/src/lib/fmt.c kernel/src/lib/string.c
HOST_SRC_test_bitmap := kernel/src/lib/bitmap.c
HOST_SRC_test_cpio   := kernel/src/fs/cpio.c kernel/src/lib/string.c
HOST_SRC_test_elf    := kernel/src/proc/elf.c kernel/src/lib/string.c
HOST_SRC_test_path   := kernel/src/fs/path.c kernel/src/lib/string.c
HOST_SRC_test_vma    := kernel/src/mm/vma.c kernel/src/lib/string.c
HOST_SRC_test_msgq   := kernel/src/ipc/msgq.c
HOST_SRC_test_ring   := kernel/src/lib/ring.c kernel/src/lib/string.c
HOST_SRC_test_ldisc  := kernel/src/dev/ldisc.c kernel/src/lib/ring.c kernel/src/lib/string.c
HOST_SRC_test_acpi   := kernel/src/dev/acpi_parse.c
HOST_SRC_test_logbuf := kernel/src/lib/logbuf.c
HOST_SRC_test_sh_parse    := user/sh/parse.c
HOST_SRC_test_sh_lineedit := user/sh/lineedit.c
HOST_FLAGS_test_sh_parse    := -Iuser/sh
HOST_FLAGS_test_sh_lineedit := -Iuser/sh

# The cpio test packs archives with the real tool, built with sanitizers too.
HOST_MKINITRD := $(HOST_DIR)/mkinitrd
HOST_DEP_test_cpio   := $(HOST_MKINITRD)
HOST_FLAGS_test_cpio := -DMKINITRD='"$(abspath $(HOST_MKINITRD))"'

$(HOST_DIR)/obj/%.o: %.c tests/host/rename.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(V)$(CC) $(HOST_SRCFLAGS) -c $< -o $@

# The shell's pure parts (user/sh/parse.c, lineedit.c) are user code: they
# call the C library's functions, so they are built against glibc as they
# are, without rename.h.  (For these the rule below wins over the one
# above: make takes the pattern with the shorter stem.)
$(HOST_DIR)/obj/user/%.o: user/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(V)$(CC) $(HOST_CFLAGS) -c $< -o $@

$(HOST_MKINITRD): tools/mkinitrd.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(V)$(CC) $(HOST_CFLAGS) -o $@ $<

define HOST_TEST_RULE
$(HOST_DIR)/$(1): tests/host/$(1).c tests/host/test.h \
		$(HOST_SRC_$(1):%.c=$(HOST_DIR)/obj/%.o) $(HOST_DEP_$(1))
	@mkdir -p $$(dir $$@)
	@echo "  HOSTCC  $$<"
	$(V)$(CC) $(HOST_CFLAGS) $(HOST_FLAGS_$(1)) -o $$@ $$< \
		$(HOST_SRC_$(1):%.c=$(HOST_DIR)/obj/%.o)
endef
$(foreach t,$(HOST_TESTS),$(eval $(call HOST_TEST_RULE,$(t))))

host-tests: $(HOST_BINS)
	$(V)sh tests/host/run.sh $(HOST_BINS)

.PHONY: host-tests
