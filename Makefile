# Aurora: build, run and test.
#
#   make            kernel, libc, user programs, initrd
#   make run        boot in QEMU (PVH direct boot), console on this terminal
#   make test       host unit tests + guest test suite, one summary line
#   make iso        GRUB Multiboot2 ISO (BIOS and UEFI)
#   make debug      QEMU waits for GDB; `gdb -x tools/gdbinit` attaches
#   make bench      the benchmark (tools/bench.sh, docs/performance.md)
#   make bench-linux    the same benchmark under Debian's Linux kernel
#   make bench-compare  both, one table
#
# Options: EXTRA=dir (files copied into /bin of the initrd),
#          APPEND='init=/bin/prog args' (kernel command line), KVM=1.

CC      := gcc
LD      := ld
BUILD   := build
V       ?= @

WARN    := -Wall -Wextra -Werror
# Only gcc's freestanding headers (stdint.h, stdarg.h, ...) and our own: never the host's.
GCCINC  := -nostdinc -isystem $(shell $(CC) -print-file-name=include)
KCFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-pie -fno-pic \
           -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
           -fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
           -fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
           $(GCCINC) -Iinclude -Ikernel/src -MMD -MP
KASFLAGS:= -g -Iinclude -Ikernel/src -MMD -MP -D__ASSEMBLY__
UCFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-pie -fno-pic -D__aurora__ \
           -fno-stack-protector -fno-tree-loop-distribute-patterns \
           $(GCCINC) -Ilibc/include -Iinclude \
           -MMD -MP
ULDFLAGS:= -nostdlib -static -no-pie -T user/user.ld -Wl,--build-id=none

# ---- kernel ---------------------------------------------------------------
KSRC_C  := $(shell find kernel/src -name '*.c' | sort)
KSRC_S  := $(shell find kernel/src -name '*.S' | sort)
KOBJ    := $(KSRC_C:%.c=$(BUILD)/%.o) $(KSRC_S:%.S=$(BUILD)/%.o)
KERNEL  := $(BUILD)/kernel.elf

# ---- libc (shares the pure string and format code with the kernel) -------
LSRC_C  := $(wildcard libc/*.c) kernel/src/lib/string.c kernel/src/lib/fmt.c
LSRC_S  := $(wildcard libc/*.S)
LOBJ    := $(LSRC_C:%.c=$(BUILD)/u/%.o) $(LSRC_S:%.S=$(BUILD)/u/%.o)
LIBC    := $(BUILD)/libc.a
CRT0    := $(BUILD)/u/libc/crt0.o

# ---- user programs: user/NAME.c or user/NAME/*.c -> /bin/NAME --------------
UPROGS  := $(sort $(basename $(notdir $(wildcard user/*.c))) \
                  $(notdir $(patsubst %/,%,$(dir $(wildcard user/*/*.c)))))
UBINS   := $(UPROGS:%=$(BUILD)/bin/%)

INITRD  := $(BUILD)/initrd.cpio
ISO     := $(BUILD)/aurora.iso

all: $(KERNEL) $(INITRD)

# The kernel is linked twice: the second link embeds the symbol table of the
# first (used for backtraces).  The table sits last in the image, so nothing
# before it moves between the two links.
$(BUILD)/kernel.0.elf: $(KOBJ) kernel/linker.ld $(BUILD)/ksyms0.o
	$(V)$(LD) -n -z noexecstack -z max-page-size=4096 -T kernel/linker.ld -o $@ $(KOBJ) $(BUILD)/ksyms0.o
$(BUILD)/ksyms0.S: tools/gensyms.sh
	$(V)mkdir -p $(BUILD) && sh tools/gensyms.sh /dev/null > $@
$(BUILD)/ksyms.S: $(BUILD)/kernel.0.elf tools/gensyms.sh
	$(V)nm -n $< | sh tools/gensyms.sh - > $@
$(BUILD)/%.o: $(BUILD)/%.S
	$(V)$(CC) -c $< -o $@
$(KERNEL): $(KOBJ) kernel/linker.ld $(BUILD)/ksyms.o
	@echo "  LD      $@"
	$(V)$(LD) -n -z noexecstack -z max-page-size=4096 -T kernel/linker.ld -o $@ $(KOBJ) $(BUILD)/ksyms.o

$(BUILD)/kernel/%.o: kernel/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(V)$(CC) $(KCFLAGS) -c $< -o $@
$(BUILD)/kernel/%.o: kernel/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(V)$(CC) $(KASFLAGS) -c $< -o $@

$(BUILD)/u/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC [u]  $<"
	$(V)$(CC) $(UCFLAGS) -c $< -o $@
$(BUILD)/u/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS [u]  $<"
	$(V)$(CC) $(UCFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(LIBC): $(filter-out $(CRT0),$(LOBJ))
	$(V)rm -f $@ && ar rcs $@ $^

# One link rule per program (objects of user/NAME.c or user/NAME/*.c).
define UPROG_RULE
$(BUILD)/bin/$(1): $(patsubst %.c,$(BUILD)/u/%.o,$(wildcard user/$(1).c user/$(1)/*.c)) $(CRT0) $(LIBC) user/user.ld
	@mkdir -p $$(dir $$@)
	@echo "  LD [u]  $$@"
	$(V)$(CC) $(ULDFLAGS) -o $$@ $(CRT0) $(patsubst %.c,$(BUILD)/u/%.o,$(wildcard user/$(1).c user/$(1)/*.c)) $(LIBC) -lgcc
endef
$(foreach p,$(UPROGS),$(eval $(call UPROG_RULE,$(p))))

# ---- initrd ---------------------------------------------------------------
$(BUILD)/tools/mkinitrd: tools/mkinitrd.c
	@mkdir -p $(dir $@)
	$(V)$(CC) -O2 -Wall -Wextra -Werror -o $@ $<
EXTRA ?=

# Test fixtures: damaged executables for usertests' execve tests, made by
# tools/mkbadelf from build/bin/hello, stored in the initrd as /test/NAME.
# FIXTURES lists what mkbadelf writes (see the comment at its top).
FIXTURES := notelf empty magic_only trunc_ehdr trunc_phdr trunc_seg kaddr \
            zeroaddr crossing overlap hugemem bigmem wrapmem filesz_gt_memsz \
            bad_phentsize phnum_huge bad_entry bad_offset bad_machine dyn_interp
FIXTURE_DIR   := $(BUILD)/fixtures
FIXTURE_FILES := $(FIXTURES:%=$(FIXTURE_DIR)/%)
$(BUILD)/tools/mkbadelf: tools/mkbadelf.c
	@mkdir -p $(dir $@)
	$(V)$(CC) -O2 -Wall -Wextra -Werror -o $@ $<
$(FIXTURE_DIR)/.stamp: $(BUILD)/bin/hello $(BUILD)/tools/mkbadelf
	@mkdir -p $(FIXTURE_DIR)
	$(V)$(BUILD)/tools/mkbadelf $< $(FIXTURE_DIR) && touch $@
$(FIXTURE_FILES): $(FIXTURE_DIR)/.stamp ;

# Extra initrd entries as dest=src pairs, and the files they need.
INITRD_FILES := $(foreach f,$(FIXTURES),/test/$(f)=$(FIXTURE_DIR)/$(f))
INITRD_DEPS  := $(FIXTURE_FILES)

# The initrd: the programs in /bin, every file under rootfs/ at its own path
# (rootfs/etc/motd -> /etc/motd), the files of EXTRA in /bin, and
# INITRD_FILES.
ROOTFS  := $(shell find rootfs -type f 2>/dev/null | sort)
$(INITRD): $(UBINS) $(ROOTFS) $(BUILD)/tools/mkinitrd $(if $(EXTRA),$(wildcard $(EXTRA)/*)) $(INITRD_DEPS) FORCE
	$(V)$(BUILD)/tools/mkinitrd $@.tmp $(foreach b,$(UBINS),/bin/$(notdir $(b))=$(b)) \
	    $(foreach f,$(ROOTFS),$(patsubst rootfs/%,/%,$(f))=$(f)) \
	    $(foreach f,$(if $(EXTRA),$(wildcard $(EXTRA)/*)),/bin/$(notdir $(f))=$(f)) \
	    $(INITRD_FILES)
	$(V)if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi
FORCE:

# ---- running ----------------------------------------------------------------
APPEND ?=
KVM    ?= 0
QEMU   := tools/qemu.sh

run: deps all
	$(V)KVM=$(KVM) $(QEMU) run $(KERNEL) $(INITRD) "$(APPEND)"

debug: deps all
	$(V)KVM=0 $(QEMU) debug $(KERNEL) $(INITRD) "$(APPEND)"

iso: deps $(ISO)
$(ISO): $(KERNEL) $(INITRD) tools/mkiso.sh
	$(V)sh tools/mkiso.sh $(KERNEL) $(INITRD) $@ "$(APPEND)"

# ---- benchmark (not part of make test; tools/bench.sh) ------------------------
bench: deps all
	$(V)KVM=$(KVM) sh tools/bench.sh aurora

bench-linux: deps $(BUILD)/tools/mkinitrd
	$(V)KVM=$(KVM) sh tools/bench.sh linux

bench-compare: deps all
	$(V)KVM=$(KVM) sh tools/bench.sh compare

# ---- tests ------------------------------------------------------------------
include tests/host/host.mk

test: deps all
	$(V)sh tests/run.sh

deps:
	$(V)sh tools/deps.sh

clean:
	rm -rf $(BUILD)

.PHONY: all run debug iso test deps clean FORCE host-tests bench bench-linux bench-compare
.SUFFIXES:
.SECONDARY:
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
