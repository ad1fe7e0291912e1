#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# explain_tx.sh - `explain --path=tx` from the command line: --path=rx is
# the default, byte for byte; a Linux driver's exposure with its trace; the
# one-context DPDK verdict; --all's rows; what --path=tx refuses.
# What the search finds (the write-back's stores around the clean's
# zeroing, each fix's verdict) is checked on its structs by
# tests/unit_explain_found.c, the header's and verdicts' words by
# tests/unit_output.c; here: exit statuses and the output's shape.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The search's own time (the end of its header line) is the one thing that
# differs between two runs.
"$BIN" explain --copy=double 2>&1 | sed 's/, [0-9.]* s$//' >"$tmp/rx-default"
"$BIN" explain --copy=double --path=rx 2>&1 | sed 's/, [0-9.]* s$//' >"$tmp/rx-path"
check "--path=rx prints exactly what the default prints (but the search's time)" \
    cmp -s "$tmp/rx-default" "$tmp/rx-path"

rc=0; "$BIN" explain --path=tx --driver=linux-e1000 --copy=double >"$tmp/out" 2>&1 || rc=$?
ok $((rc != 1)) "linux-e1000 + double: exit 1 (exposed)"
check "header: the write-back's stores" grep -q "^write-back: pci_dma_write of " "$tmp/out"
check "header: the contexts" grep -q "^contexts: " "$tmp/out"
# The trace: numbered steps in two columns, the write-back's stores numbered.
check "trace: numbered steps, store 1 and store 2 of the write-back among them" \
    sh -c "grep -Eq '^ +[0-9]+  .*\(store 1/2\)$' '$tmp/out' && grep -Eq '^ +[0-9]+  .*\(store 2/2\)$' '$tmp/out'"
check "trace: the clean's column" grep -Eq "^ +[0-9]+ {40,}e1000_clean_tx_irq " "$tmp/out"
check "trace: the violation" grep -q "<<< VIOLATION unowned" "$tmp/out"
check "last line: the verdict" sh -c "tail -n 1 '$tmp/out' | grep -q '^Verdict: TX EXPOSED (unowned)'"

rc=0; "$BIN" explain --path=tx --driver=linux-e1000 --copy=double --qemu-fix=dd-byte --preemptions=1 \
    >"$tmp/fix" 2>&1 || rc=$?
ok $((rc != 0)) "linux-e1000 + double + dd-byte: exit 0"
check "... the header names the DD byte's store" grep -q "^write-back: .*; then the DD byte: " "$tmp/fix"
check "... no violation, with its bounds" grep -q "^no violation in [0-9]* executions (every schedule with at most 1 preemption)" "$tmp/fix"

rc=0; "$BIN" explain --path=tx --device=e1000e --driver=linux-e1000e --copy=single --preemptions=1 \
    >"$tmp/single" 2>&1 || rc=$?
ok $((rc != 0)) "linux-e1000e + single (DD stored once): exit 0"

rc=0; "$BIN" explain --path=tx --device=igb --copy=double >"$tmp/igb" 2>&1 || rc=$?
ok $((rc != 0)) "igb + dpdk-igb + double: exit 0"
check "... one context, one execution" grep -q "^no violation in 1 execution " "$tmp/igb"
check "... the verdict says why" grep -q "^Verdict: TX not exposed: one context" "$tmp/igb"

rc=0; "$BIN" explain --all --path=tx --device=e1000 --driver=linux-e1000 --preemptions=1 \
    >"$tmp/all" 2>&1 || rc=$?
ok $((rc != 1)) "--all --path=tx on an exposed pair: exit 1"
check "--all: the double row exposed, dd-byte clean" \
    grep -Eq "^e1000 +linux-e1000 +double +EXPOSED \(unowned\) +clean$" "$tmp/all"
check "--all: the single row clean" grep -Eq "^e1000 +linux-e1000 +single +clean +clean$" "$tmp/all"

bad() { # bad DESCRIPTION ARGS...: exit 2, one line on stderr, nothing on stdout
    local what=$1 rc=0
    shift
    "$BIN" explain "$@" >"$tmp/bo" 2>"$tmp/be" || rc=$?
    ok $((rc != 2 || $(wc -l <"$tmp/be") != 1)) "refused: $what (exit $rc)"
    check "... nothing on stdout" test ! -s "$tmp/bo"
}
bad "--path=bogus" --path=bogus
bad "linux-igb has no TX model" --path=tx --device=igb --driver=linux-igb
bad "an RX-only option" --path=tx --memory=tso
bad "a fix with no TX meaning" --path=tx --qemu-fix=atomic-status
bad "a ring below the TX minimum" --path=tx --driver=linux-e1000 --ring=3
bad "--all with a --copy" --all --path=tx --copy=single
done_testing
