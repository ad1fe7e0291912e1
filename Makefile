# SPDX-License-Identifier: GPL-2.0-or-later
# e1000_poc - the seed's front door: make, make run, plus make check and make bench.
#
# Build switches (see docs/run.md "Build switches", man e1000_poc.1): WITH_QEMU_PATCH=1 (or the
# older WITH_PATCH=1), WITH_DPDK_PATCH=1, RX_DESC_NUM=N. They set the
# defaults of `e1000_poc run`. A plain `make` builds with exactly the
# switches it is given; every other goal (run, check, bench) keeps the
# switches of the last build unless given new ones, so that
# `make WITH_QEMU_PATCH=1 && make run` runs the patched configuration.
#
# Run-time switches of `make run`: SLOW_MEMCPY=1, RX_INTERVAL=ms, DPDK_VLOG=1,
# DURATION=s, ARGS="any other e1000_poc run options".

BUILD ?= build
ifeq ($(BUILD),build)
BIN ?= e1000_poc
else
BIN ?= $(BUILD)/e1000_poc
endif

CFLAGS ?= -O2 -g
WARNFLAGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ALL_CFLAGS := -std=gnu11 -pthread $(WARNFLAGS) $(CFLAGS)
ALL_CPPFLAGS := -D_GNU_SOURCE -Isrc -I$(BUILD) $(CPPFLAGS)
LDLIBS += -pthread -lrt -lm

HASH := \#

# ---- build switches -------------------------------------------------------

SWITCHES := WITH_QEMU_PATCH WITH_PATCH WITH_DPDK_PATCH RX_DESC_NUM
BUILD_GOALS := all e1000_poc $(BIN)
ifneq ($(MAKECMDGOALS),)
ifeq ($(filter $(BUILD_GOALS),$(MAKECMDGOALS)),)
# Not a build goal: keep the last build's switches where none are given.
-include $(BUILD)/switches.mk
$(foreach v,$(SWITCHES),$(if $(filter undefined,$(origin $(v))),$(if $(SAVED_$(v)),$(eval $(v) := $(SAVED_$(v))))))
endif
endif

WITH_QEMU_PATCH := $(or $(strip $(WITH_QEMU_PATCH)),0)
WITH_PATCH := $(or $(strip $(WITH_PATCH)),0)
WITH_DPDK_PATCH := $(or $(strip $(WITH_DPDK_PATCH)),0)
RX_DESC_NUM := $(or $(strip $(RX_DESC_NUM)),32)

$(foreach v,WITH_QEMU_PATCH WITH_PATCH WITH_DPDK_PATCH,\
  $(if $(filter-out 0 1,$($(v))),$(error $(v)=$($(v)): use 0 or 1)))
# The run-time switches of `make run` are refused the same way: a value the
# run would silently ignore (SLOW_MEMCPY=yes) would run another experiment.
$(foreach v,SLOW_MEMCPY DPDK_VLOG,\
  $(if $(filter-out 0 1,$(or $(strip $($(v))),0)),$(error $(v)=$($(v)): use 0 or 1)))
RING_OK := $(shell echo '$(RX_DESC_NUM)' | grep -Eqx '[1-9][0-9]{0,4}' && \
  [ $(RX_DESC_NUM) -le 65536 ] && [ $$(($(RX_DESC_NUM) % 8)) -eq 0 ] && echo ok)
ifneq ($(RING_OK),ok)
$(error RX_DESC_NUM=$(RX_DESC_NUM): use a multiple of 8 in 8..65536)
endif

# RX_INTERVAL and DURATION, when given, must be well-formed too: a typo
# stops make with one line instead of being ignored or reaching the binary.
# Checked by make alone: a value with a quote in it cannot break a shell.
# digits-only TEXT: non-empty if TEXT is one word of digits.
strip-digits = $(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst 5,,$(subst 6,,$(subst 7,,$(subst 8,,$(subst 9,,$(1)))))))))))
digits-only = $(if $(filter 1,$(words $(1))),$(if $(call strip-digits,$(1)),,ok))
# spread-digits TEXT: its digits as words, to count them.
spread-digits = $(subst 0,0 ,$(subst 1,1 ,$(subst 2,2 ,$(subst 3,3 ,$(subst 4,4 ,$(subst 5,5 ,$(subst 6,6 ,$(subst 7,7 ,$(subst 8,8 ,$(subst 9,9 ,$(1)))))))))))
ifneq ($(RX_INTERVAL),)
ifneq ($(and $(call digits-only,$(RX_INTERVAL)),$(if $(word 8,$(call spread-digits,$(RX_INTERVAL))),,ok)),ok)
$(error RX_INTERVAL=$(RX_INTERVAL): use a whole number of milliseconds (0: no pause))
endif
endif
# DURATION: digits, at most one dot, at least one digit (10, 0.5, .5).
ifneq ($(DURATION),)
ifneq ($(and $(filter 1,$(words $(DURATION))),$(filter 1 3,$(words $(subst ., . ,x$(DURATION)x))),$(call digits-only,$(subst .,,$(DURATION)))),ok)
$(error DURATION=$(DURATION): use a number of seconds, e.g. 10 or 0.5)
endif
endif

QEMU_PATCH := $(if $(filter 1,$(WITH_QEMU_PATCH) $(WITH_PATCH)),1,0)
SWITCH_DESC := $(strip $(if $(filter 1,$(WITH_QEMU_PATCH)),WITH_QEMU_PATCH=1) \
  $(if $(filter 1,$(WITH_PATCH)),WITH_PATCH=1) \
  $(if $(filter 1,$(WITH_DPDK_PATCH)),WITH_DPDK_PATCH=1) \
  $(if $(filter-out 32,$(RX_DESC_NUM)),RX_DESC_NUM=$(RX_DESC_NUM)))

# Write $(1) to file $(2) only if the text changed, so that make rebuilds
# just what depends on it.
define write-if-changed
$(shell mkdir -p $(dir $(2)) && printf '%s\n' $(1) > $(2).tmp && \
  { cmp -s $(2).tmp $(2) && rm -f $(2).tmp || mv -f $(2).tmp $(2); })
endef

$(call write-if-changed,\
  '$(HASH)define BUILD_WITH_QEMU_PATCH $(QEMU_PATCH)' \
  '$(HASH)define BUILD_WITH_DPDK_PATCH $(WITH_DPDK_PATCH)' \
  '$(HASH)define BUILD_RX_DESC_NUM $(RX_DESC_NUM)' \
  '$(HASH)define BUILD_SWITCHES "$(SWITCH_DESC)"',$(BUILD)/config.h)
$(call write-if-changed,$(foreach v,$(SWITCHES),'SAVED_$(v) := $($(v))'),$(BUILD)/switches.mk)
# A new compiler or new flags rebuild everything.
$(call write-if-changed,'$(CC) $(ALL_CFLAGS) $(ALL_CPPFLAGS) $(LDFLAGS) $(LDLIBS)',$(BUILD)/flags)

# ---- sources --------------------------------------------------------------

# Sources by folder (see docs/layout.md): every one but the entry point
# goes into the library the tests link against.
SRC_DIRS := util model model/device model/driver probe run explain vm report output cli
LIB_SRCS := $(filter-out src/cli/main.c,$(foreach d,$(SRC_DIRS),$(wildcard src/$(d)/*.c)))
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/%.o)
LIB := $(BUILD)/libe1000poc.a

UNIT_TESTS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/unit_*.c))
# Helpers the shell tests run (not tests themselves).
TEST_TOOLS := $(BUILD)/tests/json_check
# make bench's programs: make check builds them too, so that they never rot;
# the histogram is also checked by the tests on a fixture.
BENCH_TOOLS := $(BUILD)/bench/histogram $(BUILD)/bench/live_bench $(BUILD)/bench/rx_work \
               $(BUILD)/bench/two_stores $(BUILD)/bench/model_cost

.PHONY: all run check check-loaded bench bench-real clean unit deps install uninstall docs guest check-aarch64 check-musl check-other-arch
all: $(BIN)

$(BIN): $(BUILD)/cli/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: src/%.c $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The DMA copy must be a real call of the C library's memcpy: no builtin
# expansion, no fortify wrapper (the seed used -ffreestanding for this).
$(BUILD)/model/dma_libc.o: ALL_CFLAGS += -fno-builtin -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=0

$(BUILD)/tests/%: tests/%.c $(LIB) $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Itests $(ALL_CFLAGS) -MMD -MP -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

-include $(LIB_OBJS:.o=.d) $(BUILD)/cli/main.d $(UNIT_TESTS:=.d) $(TEST_TOOLS:=.d) $(BENCH_TOOLS:=.d)

# ---- running --------------------------------------------------------------

# SLOW_MEMCPY=1: the seed's "fall back to the slow memcpy" via GLIBC_TUNABLES,
# spelled so that glibc before 2.33 (*_Usable names) and glibc 2.33 and
# later (plain names) both understand it; unknown names are ignored. It
# keeps SSSE3, the variant the seed meant. Whether that variant still writes
# 16 bytes in two stores depends on the glibc version: see docs/seed.md.
SLOW_MEMCPY_HWCAPS := -AVX_Usable,-AVX2_Usable,-AVX512F_Usable,-ERMS_Usable,-AVX,-AVX2,-AVX512F,-ERMS,-AVX_Fast_Unaligned_Load,-Fast_Unaligned_Copy
RUN_ENV := $(if $(filter 1,$(SLOW_MEMCPY)),GLIBC_TUNABLES=glibc.cpu.hwcaps=$(SLOW_MEMCPY_HWCAPS))
RUN_ARGS := $(if $(filter-out 0,$(RX_INTERVAL)),--interval-ms $(RX_INTERVAL)) \
  $(if $(filter 1,$(DPDK_VLOG)),--vlog) $(if $(DURATION),--duration $(DURATION)) $(ARGS)

# A "reproduced" verdict (exit 1) is what make run is for: not a failure.
run: $(BIN)
	@echo $(RUN_ENV) ./$(BIN) run $(strip $(RUN_ARGS))
	@rc=0; $(RUN_ENV) ./$(BIN) run $(RUN_ARGS) || rc=$$?; test $$rc -le 1

unit: $(UNIT_TESTS) $(TEST_TOOLS)

# make check installs nothing: it names the optional tools that are
# missing (their tests SKIP, saying why); make deps installs them.
check: $(BIN) $(UNIT_TESTS) $(TEST_TOOLS) $(BENCH_TOOLS)
	@tests/deps.sh
	BIN=./$(BIN) BUILD=$(BUILD) tests/run.sh

# make check-loaded: the same tests while two CPU hogs keep both CPUs busy
# (tests/loaded.bash; every test must pass on a loaded 2-core host). The
# hogs and the tests stop after HOG_LIMIT s (3600) at most; the hogs are
# killed when the tests end. LOADED_TESTS="tests/cli.sh ...": only those
# scripts, no unit tests (what .ci/run runs).
check-loaded: $(BIN) $(UNIT_TESTS) $(TEST_TOOLS) $(BENCH_TOOLS)
	BIN=./$(BIN) BUILD=$(BUILD) HOG_LIMIT=$(or $(HOG_LIMIT),3600) tests/loaded.bash tests/run.sh \
	  $(if $(LOADED_TESTS),--scripts $(LOADED_TESTS))

deps:
	tests/deps.sh --install

# The guest image of `e1000_poc vm` (guest/build.sh): built from this host's
# Debian packages into ~/.cache/e1000_poc/guest/<hash of its inputs>/,
# rebuilt only when an input changes.
guest:
	guest/build.sh

# Every output example in README.md and docs/ from a real run: the block
# after "<!-- example: ARGS -->" is regenerated; tests/docs.sh checks them.
docs: $(BIN)
	BIN=./$(BIN) docs/examples.sh update

# ---- other platforms (docs/platforms.md) -----------------------------------

# aarch64: the distribution's cross compiler; the unit tests and
# tests/platform.sh run under qemu-user with the cross C library (no ptrace
# there: probe must say so). AARCH64_CPU picks the CPU qemu emulates, and so
# the glibc memcpy variant (max, cortex-a72, neoverse-n1, a64fx, ...).
AARCH64_CC ?= aarch64-linux-gnu-gcc
AARCH64_SYSROOT ?= /usr/aarch64-linux-gnu
AARCH64_CPU ?= max
check-aarch64:
	@tests/deps.sh aarch64
	$(MAKE) --no-print-directory CC=$(AARCH64_CC) BUILD=build-aarch64 build-aarch64/e1000_poc unit
	QEMU_LD_PREFIX=$(AARCH64_SYSROOT) QEMU_CPU=$(AARCH64_CPU) EMU=qemu-aarch64 \
	  BIN=build-aarch64/e1000_poc BUILD=build-aarch64 tests/run.sh --unit tests/platform.sh

# musl: the distribution's musl-gcc, linked statically, run natively.
check-musl:
	@tests/deps.sh musl
	$(MAKE) --no-print-directory CC=musl-gcc BUILD=build-musl LDFLAGS=-static build-musl/e1000_poc unit
	PLATFORM=musl BIN=build-musl/e1000_poc BUILD=build-musl tests/run.sh --unit tests/platform.sh

# An architecture the tool has no specific code for (riscv64 stands for it):
# the generic barriers, the ucontext switch, and the run-time refusals of
# probe and the 16-byte and x86 routines. Only tests/platform.sh: the unit
# tests' explorer is slow without stack snapshots under emulation.
OTHER_ARCH ?= riscv64
check-other-arch:
	@tests/deps.sh $(OTHER_ARCH)
	$(MAKE) --no-print-directory CC=$(OTHER_ARCH)-linux-gnu-gcc BUILD=build-$(OTHER_ARCH) build-$(OTHER_ARCH)/e1000_poc
	QEMU_LD_PREFIX=/usr/$(OTHER_ARCH)-linux-gnu EMU=qemu-$(OTHER_ARCH) \
	  BIN=build-$(OTHER_ARCH)/e1000_poc BUILD=build-$(OTHER_ARCH) tests/platform.sh

$(BUILD)/bench/%: bench/%.c $(LIB) $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

# Timings live here, never in tests. Run it alone: the race needs both CPUs.
# Results go to bench/results/<host>/, one folder per CPU measured.
bench: $(BIN) $(BENCH_TOOLS)
	@mkdir -p bench/results
	$(BUILD)/bench/live_bench
	$(BUILD)/bench/two_stores
	@for f in bench/results/*/live.json; do \
	  $(BUILD)/bench/histogram "$$f" "$${f%/live.json}/first_event.svg" || \
	    echo "(no histogram for $$f: it has no samples)"; done
	$(BUILD)/bench/rx_work
	$(BUILD)/bench/model_cost
	@bench/table.sh > bench/results/table.md && echo "wrote bench/results/table.md (one row per host)"
	@if [ -x bench/explain.sh ]; then BIN=./$(BIN) bench/explain.sh; fi
	@if [ "$(REAL)" != 0 ]; then BIN=./$(BIN) bench/real_stack.sh; else echo "REAL=0: real-stack bench skipped"; fi

# The real stack's targets alone (bench/real_stack.sh; needs make deps' QEMU and
# the guest's packages; uses what tools/qemu built): image, boot, ceiling, widened.
bench-real: $(BIN)
	BIN=./$(BIN) bench/real_stack.sh

# ---- installing -------------------------------------------------------------

# make install [PREFIX=/usr/local] [DESTDIR=staging root]: the binary, the
# man page (its PREFIX/share/e1000_poc replaced by the real path), the gdb
# scripts and the bash completion; make uninstall removes exactly those.
PREFIX ?= /usr/local
BINDIR := $(PREFIX)/bin
MAN1DIR := $(PREFIX)/share/man/man1
DATADIR := $(PREFIX)/share/e1000_poc
COMPDIR := $(PREFIX)/share/bash-completion/completions
INSTALL ?= install
GDB_SCRIPTS := $(sort $(wildcard gdb*.cmd))
INSTALLED := $(BINDIR)/e1000_poc $(MAN1DIR)/e1000_poc.1 $(addprefix $(DATADIR)/,$(GDB_SCRIPTS)) \
  $(COMPDIR)/e1000_poc

install: $(BIN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(COMPDIR)
	$(INSTALL) -m 755 $(BIN) $(DESTDIR)$(BINDIR)/e1000_poc
	sed 's|PREFIX/share/e1000_poc|$(DATADIR)|g' e1000_poc.1 >$(DESTDIR)$(MAN1DIR)/e1000_poc.1
	chmod 644 $(DESTDIR)$(MAN1DIR)/e1000_poc.1
	$(INSTALL) -m 644 $(GDB_SCRIPTS) $(DESTDIR)$(DATADIR)/
	$(INSTALL) -m 644 completion/e1000_poc.bash $(DESTDIR)$(COMPDIR)/e1000_poc

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

# ---- other QEMU binaries for e1000_poc vm --qemu (tools/qemu/README.md) -----

# Each prints the executable to give `e1000_poc vm --qemu`; each keeps what it made
# in ${XDG_CACHE_HOME:-~/.cache}/e1000_poc/qemu/ and never makes it again.
#   make qemu-debian13                  Debian 13's QEMU (10.0, with igb), from a debootstrap
#   make qemu-src PATCH=NAME [SOURCE=S] Debian's QEMU source + tools/qemu/patches/NAME.patch,
#                                       x86_64-softmmu only; S: debian12, debian13, newest
#                                       or a Debian version (default: the patch's own base)
#   make qemu-list                      what the cache holds
.PHONY: qemu-debian13 qemu-src qemu-list
qemu-debian13:
	tools/qemu/debian-root.sh debian13

qemu-src:
	tools/qemu/build-src.sh $(if $(SOURCE),--source '$(SOURCE)') '$(PATCH)'

qemu-list:
	@tools/qemu/list.sh

# ---- fuzzing (clang's libFuzzer) -------------------------------------------

# make fuzz: the targets in tests/fuzz/ (replay tokens, options, probe --tsv
# lines), linked against the library built with the fuzzer's coverage and
# ASan+UBSan in its own BUILD dir, each run for FUZZ_SECONDS (default 60)
# from its seed corpus tests/fuzz/corpus/NAME/ (which it does not modify).
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: fuzz fuzz-build
fuzz-build:
	$(MAKE) CC=clang BUILD=$(FUZZ_BUILD) CFLAGS='-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)' \
	    $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz/%)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIB) $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

fuzz: fuzz-build
	FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD) build-aarch64 build-musl build-riscv64 e1000_poc
