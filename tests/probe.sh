#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# probe.sh - `e1000_poc probe` from the outside: its lines and verdicts, the
# project's routines, --tunables, --json, bad options, the refusal when
# ptrace is forbidden, and the run header's probe line. Results are checked
# for consistency with what the probe itself measured, never against a
# pattern written down here, except for the project's own routines, whose
# stores are fixed by their code.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
. tests/livecheck.bash
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$BIN" probe >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 125 ] && grep -Eq "ptrace is not permitted|x86-64" "$tmp/err"; then
    reason=$(sed 's/^e1000_poc: //' "$tmp/err" | cut -c1-120)
    skip "probe" "cannot trace here: $reason"
    "$BIN" probe --json >"$tmp/json" 2>/dev/null
    ok $(($? != 125)) "cannot trace: --json exits 125 too"
    check "cannot trace: --json says why" grep -q '"traced":false,"error":"' "$tmp/json"
    done_testing
    exit
fi

# The default probe: the C library's memcpy.
ok $((rc > 1)) "probe exits 0 or 1 (exit $rc)"
check "probe: nothing on stderr" test ! -s "$tmp/err"
for w in "16 B at 0" "1 B at 12" "4 B at 8" "4 B at 12" "2 B at 0" "8 B at 0"; do
    check "probe: a line for $w, every store listed" \
        grep -Eq "^  $w: [0-9]+ stores?( \[[0-9]+,[0-9]+\))+$" "$tmp/out"
done
line16=$(grep "^  16 B at 0: " "$tmp/out")
n=$(echo "$line16" | sed -E 's/^  16 B at 0: ([0-9]+) stores?.*/\1/')
ranges=$(echo "$line16" | grep -o '\[[0-9]*,[0-9]*)' | wc -l)
ok $((n != ranges)) "probe: the 16-byte line lists as many stores as it counts ($n)"
diag "$line16"
for t in "e1000 16-byte write-back with DD" "e1000 1-byte status write" "e1000e/igb 4-byte status_error write"; do
    check "probe: a verdict line for the $t" \
        grep -Eq "^  (exposed|not exposed|unknown at speed|unknown) +$t .*: .+" "$tmp/out"
done
grep -E "^  (exposed|not exposed|unknown)" "$tmp/out" | sed 's/^/# /'
check "probe: names the C library" grep -Eq "^  libc     glibc [0-9]|^  libc     a C library" "$tmp/out"
check "probe: says which routine, or that it is unnamed" grep -Eq "^  routine  (__mem|unnamed)" "$tmp/out"

# The verdict follows from the 16-byte stores, by the rule: exposed when a
# store after the first one that writes byte 12 writes bytes 0-7 or 12.
expect=$(echo "$line16" | grep -o '\[[0-9]*,[0-9]*)' | tr -d '[)' | awk -F, '
    { lo = $1; hi = $2
      if (seen && ((lo < 8) || (lo <= 12 && hi > 12))) exposed = 1
      if (lo <= 12 && hi > 12) seen = 1 }
    END { print exposed ? "exposed" : "not exposed" }')
if grep -q "^Verdict: UNKNOWN" "$tmp/out"; then
    ok $((rc != 125)) "probe: unknown verdict, exit 125"
else
    grep -Eq "^  $expect +e1000 16-byte write-back" "$tmp/out"
    ok $? "probe: the unfixed write-back is '$expect', as its 16-byte stores say"
    want_rc=$([ "$expect" = exposed ] && echo 1 || echo 0)
    ok $((rc != want_rc)) "probe: exit status $want_rc for '$expect'"
fi
tail -n 1 "$tmp/out" | grep -Eq "^Verdict: (EXPOSED|NOT EXPOSED|UNKNOWN)"
ok $? "probe: the last line is the verdict"
# The 1-byte status write: exposed exactly when the status byte is stored twice.
line1=$(grep "^  1 B at 12: " "$tmp/out")
n1=$(echo "$line1" | grep -o '\[12,13)' | wc -l)
want1=$([ "$n1" -gt 1 ] && echo "exposed" || echo "not exposed")
grep -Eq "^  $want1 +e1000 1-byte status write" "$tmp/out"
ok $? "probe: the 1-byte status write is '$want1' ($line1)"

"$BIN" probe --debug-dir=/nonexistent >"$tmp/out2" 2>&1
check "--debug-dir with no symbols: the routine is unnamed" \
    grep -Eq "^  routine  unnamed at libc|^  routine  __mem.*symbol table of" "$tmp/out2"
diff <(grep -E "^  [0-9]+ B at" "$tmp/out") <(grep -E "^  [0-9]+ B at" "$tmp/out2") >/dev/null
ok $? "--debug-dir with no symbols: the same stores"

# The project's routines: patterns fixed by their code.
probe_copy() { # probe_copy NAME WANT_EXIT VERDICT STORES16
    "$BIN" probe --copy="$1" >"$tmp/c" 2>&1
    local rc=$?
    ok $((rc != $2)) "probe --copy=$1: exit $2"
    grep -Eq "^  $3 +e1000 16-byte write-back" "$tmp/c"
    ok $? "probe --copy=$1: the unfixed write-back is $3"
    check "probe --copy=$1: 16 B at 0: $4" grep -qxF "  16 B at 0: $4" "$tmp/c"
}
probe_copy single 0 "not exposed" "1 store [0,16)"
probe_copy double 1 "exposed" "2 stores [0,16) [0,16)"
probe_copy split8 0 "not exposed" "2 stores [0,8) [8,16)"
probe_copy bytes-down 1 "exposed" \
    "16 stores [15,16) [14,15) [13,14) [12,13) [11,12) [10,11) [9,10) [8,9) [7,8) [6,7) [5,6) [4,5) [3,4) [2,3) [1,2) [0,1)"
probe_copy rep-movsb 125 "unknown at speed" \
    "16 stores [0,1) [1,2) [2,3) [3,4) [4,5) [5,6) [6,7) [7,8) [8,9) [9,10) [10,11) [11,12) [12,13) [13,14) [14,15) [15,16)"
"$BIN" probe --copy=double >"$tmp/c" 2>&1
# (Why, store by store: unit_outcome.c on the measurement, unit_output.c on the words.)
grep -Eq "^  not exposed +e1000 1-byte status write .*: .+" "$tmp/c"
ok $? "probe --copy=double: the 1-byte status write is one store, as in glibc: not exposed"
grep -Eq "^  exposed +e1000e/igb 4-byte status_error write .*: .+" "$tmp/c"
ok $? "probe --copy=double: the 4-byte status_error write is two stores, as in glibc: exposed"

# --json: one object with the documented keys.
"$BIN" probe --json >"$tmp/json" 2>"$tmp/err"
rc=$?
ok $((rc > 1)) "--json exits 0 or 1"
check "--json: one line" test "$(wc -l <"$tmp/json")" -eq 1
for k in command copy libc glibc_tunables cpu routine routine_at routine_source traced error \
    writes len off what stores store_at steps string_op writebacks name title dd_byte verdict label why \
    exit_status; do
    check "--json has key \"$k\"" grep -q "\"$k\":" "$tmp/json"
done
check "--json: the 16-byte stores as [from,to] pairs" grep -Eq '"len":16,"off":0,"what":"[^"]*","stores":\[\[[0-9]+,[0-9]+\]' "$tmp/json"
if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["command"]=="probe" and len(d["writebacks"])==4 and d["other_libc"]["copy"]=="libc-memmove" and isinstance(d["other_libc"]["same_stores"], bool)' "$tmp/json"
    ok $? "--json parses as JSON (python3)"
    # store_at: one place per store, in the routine's object, and two
    # different instructions for a write made of two stores.
    python3 - "$tmp/json" >"$tmp/at" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
obj, entry = d["routine_at"].split("+")
bad = []
for w in d["writes"]:
    at = w["store_at"]
    if len(at) != len(w["stores"]) or any(a is None or a.split("+")[0] != obj for a in at):
        bad.append("%d B at %d: %s" % (w["len"], w["off"], at))
    elif len(at) == 2 and at[0] == at[1]:
        bad.append("%d B at %d: both stores at %s" % (w["len"], w["off"], at[0]))
    print("# %d B at %d: %s" % (w["len"], w["off"], " ".join(at)))
print("BAD " + "; ".join(bad) if bad else "GOOD")
EOF
    grep '^#' "$tmp/at" | head -n 3
    check "--json: store_at places each store's instruction in the routine's object" \
        grep -qx GOOD "$tmp/at"
    grep '^BAD' "$tmp/at" | sed 's/^/# /'
    # Through another C library's loader, the places are in THAT library:
    # a breakpoint for a QEMU from another root (src/vm/bpwatch.c).
    other=""
    for root in "${E1000_POC_OTHER_ROOT:-}" "$HOME/.cache/e1000_poc/qemu/debian13/root"; do
        [ -n "$root" ] && [ -x "$root/lib64/ld-linux-x86-64.so.2" ] && { other=$root; break; }
    done
    if [ -n "$other" ] && [ "$(uname -m)" = x86_64 ]; then
        bin=$(readlink -f "$BIN")
        "$other/lib64/ld-linux-x86-64.so.2" --library-path "$other/lib/x86_64-linux-gnu" \
            "$bin" probe --json >"$tmp/ojson" 2>"$tmp/err"
        python3 - "$tmp/json" "$tmp/ojson" "$other/lib/x86_64-linux-gnu/libc.so.6" <<'EOF'
import json, struct, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
elf = open(sys.argv[3], "rb").read()
# The other libc's executable segment, from its program headers (ELF64 LE).
phoff, = struct.unpack_from("<Q", elf, 32)
phentsize, phnum = struct.unpack_from("<HH", elf, 54)
text = []
for i in range(phnum):
    typ, flags, off, vaddr, _, filesz, memsz, _ = struct.unpack_from("<IIQQQQQQ", elf, phoff + i * phentsize)
    if typ == 1 and flags & 1:
        text.append((vaddr, vaddr + memsz))
at = b["writes"][0]["store_at"]
off = [int(x.split("+0x")[1], 16) for x in at]
assert all(any(lo <= o < hi for lo, hi in text) for o in off), (at, text)
assert len(set(off)) == len(off), at
# Another C library version: other places than this one's.
assert a["libc"] == b["libc"] or at != a["writes"][0]["store_at"], (at, a["writes"][0]["store_at"])
print("# other root: %s, 16 B at 0: %s" % (b["libc"], " ".join(at)))
EOF
        ok $? "--json through $other's loader: store_at lies in that root's C library"
    else
        skip "--json through another root's loader" "no other Debian root (set E1000_POC_OTHER_ROOT)"
    fi
else
    skip "--json parses as JSON" "python3 not installed"
fi

# --tsv: the line --tunables collects.
"$BIN" probe --tsv >"$tmp/tsv"
check "--tsv: five tab-separated fields" awk -F'\t' 'NF != 5 { exit 1 }' "$tmp/tsv"

# --tunables: a fresh run per GLIBC_TUNABLES setting.
"$BIN" probe --tunables >"$tmp/tun" 2>"$tmp/err"
rc=$?
ok $rc "--tunables exits 0 (every row ran)"
rows=$(grep -Ec '^ ?[0-9]+  ' "$tmp/tun")
ok $((rows < 10)) "--tunables: a row per setting ($rows)"
slow=$(sed -n 's/^SLOW_MEMCPY_HWCAPS := //p' Makefile)
check "--tunables: the Makefile's SLOW_MEMCPY setting is a row, exactly" \
    grep -qF " $slow: make run SLOW_MEMCPY=1" "$tmp/tun"
check "--tunables: the unset row" grep -q " (unset): " "$tmp/tun"
check "--tunables: the seed's *_Usable row" grep -q " -AVX_Usable,-AVX2_Usable,-AVX512F_Usable,-ERMS_Usable: " "$tmp/tun"
check "--tunables: an AVX-512 row" grep -q " -AVX512F,-AVX512VL: " "$tmp/tun"
check "--tunables: the SSE2 row" grep -q ",-SSSE3: SSE2$" "$tmp/tun"
check "--tunables: Prefer_ERMS and Prefer_FSRM rows" grep -q " Prefer_FSRM: " "$tmp/tun"
check "--tunables: a Fast_Copy_Backward row" grep -q ",Fast_Copy_Backward: " "$tmp/tun"
check "--tunables: says whether any setting gives a single 16-byte store" \
    grep -q "^A single 16-byte store under: " "$tmp/tun"
grep -E "^ ?[0-9]+  |^A single|^Not exposed|^Unknown" "$tmp/tun" | cut -c1-110 | sed 's/^/# /'
unset_row=$(grep " (unset): " "$tmp/tun" | awk '{print $2}')
first=$(awk '{print $1}' <<<"$expect")
ok $([ "$unset_row" = "$first" ] && echo 0 || echo 1) "--tunables: the unset row agrees with plain probe ($unset_row)"
# Whether Prefer_ERMS picked a string instruction is what the tracer saw
# (the 16-byte write's string_op), not what the routine is called.
rep=$(grep " Prefer_ERMS: " "$tmp/tun")
GLIBC_TUNABLES=glibc.cpu.hwcaps=Prefer_ERMS "$BIN" probe --json >"$tmp/erms" 2>/dev/null
if grep -q '"len":16,"off":0,[^}]*"string_op":true' "$tmp/erms"; then
    echo "$rep" | grep -q "unknown at speed"
    ok $? "--tunables: a copy made by a string instruction (Prefer_ERMS) is unknown at speed, not 'not exposed'"
else
    skip "--tunables: a string-instruction copy is unknown at speed" \
        "under Prefer_ERMS no 16-byte store here came from a string instruction"
fi
"$BIN" probe --tunables --json >"$tmp/tj"
for k in command libc cpu rows glibc_tunables aim ran routine stores16 single_store verdict label why; do
    check "--tunables --json has key \"$k\"" grep -q "\"$k\":" "$tmp/tj"
done
check "--tunables --json: the SLOW_MEMCPY row" grep -qF "\"glibc_tunables\":\"glibc.cpu.hwcaps=$slow\"" "$tmp/tj"

# Bad options: one line on stderr, exit 2, nothing on stdout.
bad_args=(
    "probe --bogus"
    "probe --copy=bogus"
    "probe --copy"
    "probe --json --tsv"
    "probe --tunables --copy=double"
    "probe --tunables --tsv"
    "probe --debug-dir="
    "probe --json=1"
    "probe extra"
)
for a in "${bad_args[@]}"; do
    # shellcheck disable=SC2086
    "$BIN" $a >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "^e1000_poc: " "$tmp/err"; then
        ok 0 "refused with one line and exit 2: $a"
    else
        ok 1 "refused with one line and exit 2: $a"
        diag "exit $rc, $lines stderr lines" "$(cat "$tmp/err")"
    fi
done
"$BIN" probe --help >"$tmp/out"
ok $? "probe --help exits 0"
check "probe --help lists --tunables" grep -q -- "--tunables" "$tmp/out"

# ptrace forbidden (by an outer tracer): exit 125 with the reason.
if command -v strace >/dev/null; then
    strace -f -o /dev/null "$BIN" probe >"$tmp/out" 2>"$tmp/err"
    rc=$?
    ok $((rc != 125)) "ptrace forbidden (under strace -f): probe exits 125"
    check "ptrace forbidden: one line saying so" \
        test "$(grep -c 'cannot trace --copy=libc here: ptrace is not permitted' "$tmp/err")" -eq 1
    check "ptrace forbidden: nothing on stdout" test ! -s "$tmp/out"
    strace -f -o /dev/null "$BIN" run --qemu-fix=upstream --duration 0.2 >"$tmp/out" 2>&1
    check "ptrace forbidden: run still runs, its header says the probe could not measure" \
        grep -q "^  probe   not measured: ptrace is not permitted" "$tmp/out"
else
    skip "ptrace forbidden: probe exits 125" "strace not installed"
fi

# The run header carries the probe's line for the routine in use.
"$BIN" run --copy=single --duration 2 >"$tmp/out" 2>&1
rc=$?
check "run --copy=single --duration 2: no event (exit $rc)" no_event "$tmp/out" "$rc"
check "run --copy=single: header's probe line says not exposed" \
    grep -q "^  probe   single: 16-byte write-back in 1 store \[0,16), not exposed" "$tmp/out"
[ "$rc" -eq 0 ] || diag "$(tail -n 5 "$tmp/out")"
"$BIN" run --copy=double --gap=1000 --duration 30 >"$tmp/out" 2>&1
rc=$?
ok $((rc != 1)) "run --copy=double --gap=1000 reproduces (exit 1)"
check "run --copy=double: header's probe line says exposed" \
    grep -q "^  probe   double: 16-byte write-back in 2 stores \[0,16) \[0,16), exposed" "$tmp/out"
grep "^Verdict" "$tmp/out" | sed 's/^/# /'

# SLOW_MEMCPY's GLIBC_TUNABLES: the header says whether the advice holds,
# from what the probe measured under it.
GLIBC_TUNABLES=glibc.cpu.hwcaps=$slow "$BIN" run --qemu-fix=upstream --duration 0.3 >"$tmp/out" 2>&1
pline=$(grep "^  probe   " "$tmp/out")
diag "$pline"
# Only the 16-byte write-back's own stores: the ranges right after "in N
# stores", not the status write's that follow on the same line.
stores16=$(echo "$pline" | sed -nE 's/.*16-byte write-back in [0-9]+ stores? ((\[[0-9]+,[0-9]+\) ?)+).*/\1/p')
twice=$(echo "$stores16" | grep -o '\[[0-9]*,[0-9]*)' | tr -d '[)' |
    awk -F, '$1 <= 12 && $2 > 12 { n++ } END { print n + 0 }')
if [ "$twice" -gt 1 ]; then
    echo "$pline" | grep -q "16-byte write-back still stores the status byte twice: the seed's SLOW_MEMCPY advice does not hold on this glibc"
    ok $? "SLOW_MEMCPY tunables: status byte stored $twice times, and the header says the advice does not hold"
else
    echo "$pline" | grep -Eq "SLOW_MEMCPY advice (holds here|does not hold)"
    ok $? "SLOW_MEMCPY tunables: the header says whether the advice holds"
fi
done_testing
