#!/usr/bin/env bash
# explain.sh - `e1000_poc explain` from the command line: the counterexample
# and its trace, the replay token (same trace, byte for byte; bad tokens
# refused), bounded proofs, --all against its expectations, bad options.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The trace block: from "Interleaving:" to the "Replay:" line.
block() { sed -n '/^Interleaving:/,/^Replay:/p' "$1"; }

rc=0; "$BIN" explain --copy=double >"$tmp/out" 2>"$tmp/err" || rc=$?
ok $((rc != 1)) "unfixed + double: exit 1 (violation found)"
check "header states the memory model" grep -q "^  memory  sc: sequentially consistent" "$tmp/out"
check "header states the bounds" grep -q "^  bounds  ring 2, 3 packets, burst 4" "$tmp/out"
check "trace: store 1 publishes DD" grep -q "pci_dma_write d0 store 1/2: bytes 0-15 .*d0: buf 1 DD fill 0" "$tmp/out"
check "trace: one preemption, between the two stores" \
    grep -q -- "-- preemption 1: the driver runs; the device could go on (between store 1 and store 2" "$tmp/out"
check "trace: the driver re-arms d0" grep -q "write d0.buffer_addr = 3" "$tmp/out"
check "trace: store 2 marked as the damage" \
    grep -q "!! store 2 of 2 writes d0 back (buf 1, status DD) over the driver's re-arm (buf 3, status --)" "$tmp/out"
check "trace: the double consumption" grep -q "!! fill 0 of d0 was handed up before: consumed twice" "$tmp/out"
check "trace: RDT == RDH" grep -q "!! RDT == RDH == 0" "$tmp/out"
check "then the ring hangs" grep -q "the ring hangs for good: RDH == RDT == 0" "$tmp/out"
check "the violated property in one sentence" grep -q "^Violated: no fill of a descriptor is consumed twice" "$tmp/out"
check "last line: the verdict" sh -c "tail -n 1 '$tmp/out' | grep -q '^Verdict: VIOLATION (double, stale-addr, rdt-is-rdh) after 42 steps with 1 preemption'"
check "nothing on stderr" test ! -s "$tmp/err"

token=$(sed -n 's/^Replay: e1000_poc explain --replay //p' "$tmp/out")
diag "token: $token"
rc=0; "$BIN" explain --replay "$token" >"$tmp/replay" 2>"$tmp/err" || rc=$?
ok $((rc != 1)) "--replay: exit 1, like the search"
block "$tmp/out" >"$tmp/b1"
block "$tmp/replay" >"$tmp/b2"
check "--replay prints the same trace, byte for byte ($(wc -l <"$tmp/b1") lines)" \
    sh -c "[ -s '$tmp/b1' ] && cmp -s '$tmp/b1' '$tmp/b2'"
check "--replay names the token it runs" grep -q "^  replay  $token" "$tmp/replay"

# Same input, same output (but for the timing on the search line).
"$BIN" explain --copy=double | grep -v '^  search' >"$tmp/again1"
"$BIN" explain --copy=double | grep -v '^  search' >"$tmp/again2"
check "deterministic: two runs print the same" cmp -s "$tmp/again1" "$tmp/again2"

# Bad tokens: one line on stderr, nothing on stdout, exit 2.
bad_tokens=(
    "nonsense"
    "${token%?}x"
    "${token/double/single}"
    "${token/r2p3/r9p3}"
    "x9/${token#x1/}"
    "${token%/*}"
)
for t in "${bad_tokens[@]}"; do
    rc=0; "$BIN" explain --replay "$t" >"$tmp/o" 2>"$tmp/e" || rc=$?
    ok $((rc != 2 || $(wc -l <"$tmp/e") != 1)) "bad token refused, one line, exit 2: $(cat "$tmp/e")"
    check "  ... and nothing on stdout" test ! -s "$tmp/o"
done
rc=0; "$BIN" explain --replay "$token" --ring 4 >"$tmp/o" 2>"$tmp/e" || rc=$?
ok $((rc != 2)) "--replay with another option: refused (exit 2)"

# Bounded proofs.
rc=0; "$BIN" explain --copy=double --qemu-fix=upstream --copy=single >"$tmp/out" 2>&1 || rc=$?
ok $((rc != 0)) "upstream + single: exit 0"
check "upstream + single: no violation, every interleaving, with the bounds" \
    grep -q "^No violation within these bounds: every interleaving of 3 packets through a 2-descriptor ring" "$tmp/out"
check "upstream + single: says what was explored" grep -Eq "^  explored  [0-9]+ states, [0-9]+ executions" "$tmp/out"
check "upstream + single: says what the bound means" grep -q "^  meaning   this ring size, packet count and burst only" "$tmp/out"
check "upstream + single: verdict last" sh -c "tail -n 1 '$tmp/out' | grep -q '^Verdict: NO VIOLATION within these bounds'"
rc=0; "$BIN" explain --copy=double --preemptions 0 >"$tmp/out" 2>&1 || rc=$?
ok $((rc != 0)) "unfixed + double with at most 0 preemptions: none (the counterexample is minimal)"
check "  ... and it says interleavings with more preemptions were not covered" \
    grep -q "not covered: interleavings with more preemptions than the bound" "$tmp/out"
rc=0; "$BIN" explain --copy=single --dpdk-fix=stop-at-rdh --ring 4 --packets 5 >"$tmp/out" 2>&1 || rc=$?
ok $((rc != 0)) "stop-at-rdh + single, ring 4, 5 packets: no violation"
rc=0; "$BIN" explain --copy=double --memory=tso >"$tmp/out" 2>&1 || rc=$?
ok $((rc != 1)) "tso: unfixed + double is a violation too"
check "tso: the header says so" grep -q "^  memory  tso: x86-TSO" "$tmp/out"
check "tso: the trace shows stores reaching memory" grep -q "buffered store reaches d0 bytes 0-15" "$tmp/out"

# The deliberately broken fix.
rc=0; "$BIN" explain --copy=single --qemu-fix=broken-dd-first >"$tmp/out" 2>&1 || rc=$?
ok $((rc != 1)) "broken-dd-first: caught (exit 1)"
check "broken-dd-first: a torn read" grep -q "^Violated: the driver reads a descriptor only once the device has written all of it" "$tmp/out"

# libc: the host's measured pattern, or an honest refusal.
rc=0; "$BIN" explain >"$tmp/out" 2>"$tmp/err" || rc=$?
if [ "$rc" -eq 125 ]; then
    check "default (libc) without a measured pattern: one line saying so" \
        sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'could not be measured' '$tmp/err'"
else
    ok $((rc != 1 && rc != 0)) "default (libc): a verdict from the measured pattern (exit $rc)"
fi

# --all: every row agrees with the store-pattern argument.
rc=0; "$BIN" explain --all >"$tmp/all" 2>&1 || rc=$?
ok $((rc != 0)) "--all: exit 0"
check "--all: no row differs" grep -Eq "^[0-9]+ rows: [0-9]+ agree with the expectation, 0 differ" "$tmp/all"
row() { grep -E "^$1 +$2 +$3 " "$tmp/all"; }
check "--all: unfixed + double: violation" sh -c "$(declare -f row); tmp=$tmp; row none none double | grep -q VIOLATION"
check "--all: unfixed + single: none" sh -c "$(declare -f row); tmp=$tmp; row none none single | grep -q ' none: '"
check "--all: upstream + single/split8/bytes-*: none" sh -c "$(declare -f row); tmp=$tmp
    for c in single split8 bytes-up bytes-down rep-movsb; do row upstream none \$c | grep -q ' none: ' || exit 1; done"
check "--all: stop-at-rdh: none, for every fix and copy" sh -c "! grep -E '^[a-z-]+ +stop-at-rdh ' '$tmp/all' | grep -q VIOLATION"
check "--all: broken-dd-first without the workaround: violation, every copy" \
    sh -c "! grep -E '^broken-dd-first +none +' '$tmp/all' | grep -v 'not run' | grep -vq VIOLATION"

# Bad options: one line, exit 2.
bad_args=(
    "explain --ring 1"
    "explain --ring 65"
    "explain --packets 0"
    "explain --burst 0"
    "explain --memory=bogus"
    "explain --copy=bogus"
    "explain --rx-free-thresh 2"
    "explain --all --copy=double"
    "explain --preemptions -1"
    "explain --replay"
)
for a in "${bad_args[@]}"; do
    rc=0
    # shellcheck disable=SC2086
    "$BIN" $a >"$tmp/o" 2>"$tmp/e" || rc=$?
    ok $((rc != 2 || $(wc -l <"$tmp/e") != 1)) "'$a': one line, exit 2"
done
"$BIN" explain --help >"$tmp/o"
ok $? "explain --help exits 0"
check "explain --help lists --replay and --all" sh -c "grep -q -- '--replay TOKEN' '$tmp/o' && grep -q -- '--all' '$tmp/o'"

done_testing
