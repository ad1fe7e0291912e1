#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# hostile.sh - what a hostile battery of inputs found, kept fixed: device
# nodes and FIFOs as output paths (written into as they are or refused,
# never replaced or removed), a FIFO in probe's --debug-dir (no hang), a
# memory limit under explain (125, one line; a signal still stops it), a
# signal to report (stops at once, page marked, temporary folder removed),
# outside bytes escaped before the terminal (GLIBC_TUNABLES, paths), and
# small stacks (no crash: 125 and one line at worst).
#
# Device nodes are made with mknod in a folder of our own (never the real
# /dev/null): /dev/null's numbers (1,3) and /dev/full's (1,7). Without
# mknod (not root) those cases skip; the FIFO cases always run.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT

# A sanitizer build cannot run under ulimit -v or a tiny stack (its shadow
# memory and frames): those cases skip there, the rest run.
asan=0
grep -qa __asan_init "$BIN" 2>/dev/null && asan=1

nodes=0
if mknod "$tmp/null" c 1 3 2>/dev/null && mknod "$tmp/full" c 1 7 2>/dev/null; then
    nodes=1
fi
mkfifo "$tmp/fifo"

same_node() { # same_node PATH MAJOR:MINOR: still that character device
    [ -c "$1" ] && [ "$(stat -c %t:%T "$1")" = "$2" ]
}
one_line() { # one_line FILE: exactly one line, starting "e1000_poc: "
    [ "$(wc -l <"$1")" -eq 1 ] && grep -q '^e1000_poc: ' "$1"
}
reader() { # reader FIFO OUT: read the FIFO in the background into OUT
    cat "$1" >"$2" &
    pids+=("$!")
}
# with_reader FIFO OUT REFUSED CMD...: CMD while a reader reads the FIFO into
# OUT. A reader that has not reached open() yet looks like none (CMD then
# exits REFUSED at once): try again, up to 20 times. The reader is waited
# for at most 10 s, then killed. Returns CMD's status.
with_reader() {
    local fifo=$1 out=$2 refused=$3 rc
    shift 3
    reader "$fifo" "$out"
    for _ in $(seq 1 20); do
        "$@"
        rc=$?
        [ "$rc" -ne "$refused" ] && break
        sleep 0.2
    done
    for _ in $(seq 1 100); do
        kill -0 "${pids[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    kill "${pids[-1]}" 2>/dev/null
    wait "${pids[-1]}" 2>/dev/null
    return "$rc"
}

# ---- 1. device nodes and FIFOs as output paths ------------------------------
if [ "$nodes" = 1 ]; then
    timeout 60 "$BIN" explain --copy=double --svg "$tmp/null" >/dev/null 2>"$tmp/err"
    ok $(($? != 1)) "explain --svg onto a /dev/null node: the verdict's status (1)"
    check "  ... the node is still the character device 1,3" same_node "$tmp/null" 1:3
    timeout 60 "$BIN" explain --copy=double --svg "$tmp/full" >/dev/null 2>"$tmp/err"
    ok $(($? != 128)) "explain --svg onto a /dev/full node: 128, the picture is lost"
    check "  ... one line saying so" one_line "$tmp/err"
    check "  ... the node is still the character device 1,7" same_node "$tmp/full" 1:7
    timeout 60 "$BIN" explain --replay x2/e1000/dpdk-em/none/none/double/sc/r2p3b4t0/6:1/91ab8408 \
        --svg "$tmp/full" >/dev/null 2>"$tmp/err"
    ok $(($? != 128)) "explain --replay --svg onto a /dev/full node: 128"
    timeout 60 "$BIN" matrix --each 0.01 --svg "$tmp/null" >/dev/null 2>&1
    rc=$?
    ok $((rc != 0 && rc != 125)) "matrix --svg onto a /dev/null node: runs (exit $rc)"
    check "  ... the node survives" same_node "$tmp/null" 1:3
    timeout 60 "$BIN" matrix --each 0.01 --svg "$tmp/full" >/dev/null 2>"$tmp/err"
    rc=$?
    ok $((rc != 128 && rc != 125)) "matrix --svg onto a /dev/full node: 128 (exit $rc)"
    check "  ... the node survives" same_node "$tmp/full" 1:7
    timeout 60 "$BIN" run --qemu-fix=upstream --duration 0.2 --pid-file "$tmp/null" >/dev/null 2>&1
    rc=$?
    ok $((rc != 0 && rc != 125)) "run --pid-file onto a /dev/null node: runs (exit $rc)"
    check "  ... and never removes it" same_node "$tmp/null" 1:3
    timeout 60 "$BIN" run --qemu-fix=upstream --duration 0.2 --pid-file "$tmp/full" >"$tmp/out" 2>"$tmp/err"
    ok $(($? != 2)) "run --pid-file onto a /dev/full node: refused, exit 2"
    check "  ... one line, nothing run" bash -c "[ ! -s '$tmp/out' ] && [ \$(wc -l <'$tmp/err') -eq 1 ]"
    check "  ... the node survives" same_node "$tmp/full" 1:7
    if mknod "$tmp/blk" b 7 250 2>/dev/null; then
        for c in "explain --copy=double --svg" "matrix --each 0.01 --svg" "report --html" \
            "run --duration 0.1 --pid-file"; do
            # shellcheck disable=SC2086
            timeout 20 "$BIN" $c "$tmp/blk" >"$tmp/out" 2>"$tmp/err"
            rc=$?
            ok $((rc != 2)) "${c%% *} onto a block device: refused, exit 2 (got $rc)"
            check "  ... one line, the node untouched" bash -c \
                "[ \$(wc -l <'$tmp/err') -eq 1 ] && [ -b '$tmp/blk' ]"
        done
    else
        skip "a block device as an output path: refused" "mknod b refused here"
    fi
else
    skip "device nodes as output paths" "mknod not permitted (not root)"
fi

# A FIFO nobody reads: never waited for, the picture is lost (128).
timeout 30 "$BIN" explain --copy=double --svg "$tmp/fifo" >/dev/null 2>"$tmp/err"
rc=$?
ok $((rc != 128)) "explain --svg onto a FIFO nobody reads: 128 at once (got $rc)"
check "  ... one line, the FIFO left as it is" bash -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && [ -p '$tmp/fifo' ]"
timeout 30 "$BIN" run --duration 0.1 --pid-file "$tmp/fifo" >"$tmp/out" 2>"$tmp/err"
ok $(($? != 2)) "run --pid-file onto a FIFO nobody reads: refused at once, exit 2"
# A FIFO with a reader gets the bytes.
with_reader "$tmp/fifo" "$tmp/from-fifo" 128 \
    timeout 60 "$BIN" explain --copy=double --svg "$tmp/fifo" >/dev/null 2>"$tmp/err"
ok $(($? != 1)) "explain --svg into a FIFO with a reader: exit 1"
wait "${pids[-1]}" 2>/dev/null
check "  ... the reader got the picture" grep -q '</svg>' "$tmp/from-fifo"
check "  ... the FIFO is still a FIFO" test -p "$tmp/fifo"
with_reader "$tmp/fifo" "$tmp/from-fifo" 2 \
    timeout 60 "$BIN" run --qemu-fix=upstream --duration 0.2 --pid-file "$tmp/fifo" >"$tmp/out" 2>&1
check "run --pid-file into a FIFO with a reader: it reads the PID" grep -qx '[0-9][0-9]*' "$tmp/from-fifo"
check "  ... and the FIFO is not removed" test -p "$tmp/fifo"
# /dev/stdout on a pipe: the picture goes down the pipe.
timeout 60 "$BIN" explain --copy=double --svg /dev/stdout 2>"$tmp/err" | grep -c '</svg>' >"$tmp/n"
check "explain --svg /dev/stdout through a pipe: the picture arrives" test "$(cat "$tmp/n")" = 1
# A symbolic link: the target is replaced, the link stays.
echo old >"$tmp/target.svg"
ln -s "$tmp/target.svg" "$tmp/link.svg"
timeout 60 "$BIN" explain --copy=double --svg "$tmp/link.svg" >/dev/null 2>&1
check "explain --svg through a symbolic link: the link stays" test -L "$tmp/link.svg"
check "  ... and its target holds the picture" grep -q '</svg>' "$tmp/target.svg"
ln -s "$tmp/nothing" "$tmp/dangling.svg"
timeout 20 "$BIN" explain --copy=double --svg "$tmp/dangling.svg" >"$tmp/out" 2>"$tmp/err"
ok $(($? != 2)) "explain --svg onto a link to nothing: refused, exit 2"
check "  ... one line, nothing on stdout, the link left" bash -c \
    "[ ! -s '$tmp/out' ] && [ \$(wc -l <'$tmp/err') -eq 1 ] && [ -L '$tmp/dangling.svg' ]"
# The pid file: removed at the end only if it is still the one written.
"$BIN" run --qemu-fix=upstream --duration 1.5 --pid-file "$tmp/pid" >/dev/null 2>&1 &
p=$!
pids+=("$p")
for _ in $(seq 100); do [ -s "$tmp/pid" ] && break; sleep 0.02; done
rm -f "$tmp/pid"
mkfifo "$tmp/pid"
wait "$p"
check "a FIFO put in the pid file's place is not removed at the end" test -p "$tmp/pid"
rm -f "$tmp/pid"
"$BIN" run --qemu-fix=upstream --duration 1.5 --pid-file "$tmp/pid" >/dev/null 2>&1 &
p=$!
pids+=("$p")
for _ in $(seq 100); do [ -s "$tmp/pid" ] && break; sleep 0.02; done
# Made beside it, then renamed: a new inode for certain (a file made after
# the removal could get the freed inode number back).
echo "someone else's" >"$tmp/pid.new"
mv -f "$tmp/pid.new" "$tmp/pid"
wait "$p"
check "another regular file in its place is not removed either" grep -q "someone else" "$tmp/pid"

# ---- 2. a FIFO in probe's --debug-dir ---------------------------------------
# The build-id path probe looks for, from its own message.
"$BIN" probe --debug-dir /nonexistent-e1000_poc >"$tmp/out" 2>&1
dbg=$(grep -o '/nonexistent-e1000_poc/\.build-id/[0-9a-f]*/[0-9a-f]*\.debug' "$tmp/out" | head -n 1)
if [ -n "$dbg" ]; then
    rel=${dbg#/nonexistent-e1000_poc/}
    for kind in fifo dir null; do
        d="$tmp/debug-$kind"
        mkdir -p "$d/$(dirname "$rel")"
        case $kind in
        fifo) mkfifo "$d/$rel" ;;
        dir) mkdir "$d/$rel" ;;
        null) [ "$nodes" = 1 ] && mknod "$d/$rel" c 1 3 || continue ;;
        esac
        timeout 30 "$BIN" probe --debug-dir "$d" >"$tmp/out" 2>&1
        rc=$?
        ok $((rc == 124 || rc > 125)) "probe, the debug file a $kind: no hang, no crash (exit $rc)"
        check "  ... says it is not a regular file" grep -q "is not a regular file" "$tmp/out"
    done
    timeout 60 "$BIN" probe --tunables --debug-dir "$tmp/debug-fifo" >"$tmp/out" 2>&1
    rc=$?
    ok $((rc == 124 || rc > 125)) "probe --tunables, the debug file a FIFO: no hang (exit $rc)"
else
    skip "probe with a FIFO as the debug file" "probe names no build-id here (no ptrace or no build-id)"
fi
# Signals stop probe --tunables (the docs say probe catches them).
for sig in TERM INT; do
    "$BIN" probe --tunables >"$tmp/out" 2>"$tmp/err" &
    p=$!
    pids+=("$p")
    sleep 0.4
    kill -"$sig" "$p" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    wait "$p"
    rc=$?
    # It may have finished first (0, 1, 125) on a fast host; never a hang.
    case $rc in
    130)
        ok 0 "SIG$sig stops probe --tunables: 130"
        check "  ... one line, no table" bash -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && [ ! -s '$tmp/out' ]"
        ;;
    0 | 1 | 125) skip "SIG$sig stops probe --tunables" "it finished before the signal (exit $rc)" ;;
    *) ok 1 "SIG$sig stops probe --tunables: 130 (got $rc)" ;;
    esac
done

# ---- 3. explain under a memory limit -----------------------------------------
if [ "$asan" = 1 ]; then
    skip "explain under ulimit -v" "a sanitizer build cannot run under ulimit -v"
else
    for v in 20000 100000; do
        (ulimit -v $v && exec timeout 600 "$BIN" explain --qemu-fix=upstream --copy=double \
            --memory=tso --ring 16 --packets 40) >"$tmp/out" 2>"$tmp/err"
        rc=$?
        ok $((rc != 125)) "explain under ulimit -v $v: 125, not a spin (got $rc)"
        check "  ... one line naming the limit" bash -c \
            "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'ulimit -v $v KB' '$tmp/err'"
    done
    (ulimit -v 100000 && exec "$BIN" explain --qemu-fix=upstream --copy=double --memory=tso \
        --ring 16 --packets 40) >"$tmp/out" 2>"$tmp/err" &
    p=$!
    pids+=("$p")
    sleep 1.5
    kill -INT "$p"
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    wait "$p"
    rc=$?
    ok $((rc != 130)) "SIGINT stops explain under ulimit -v 100000: 130 (got $rc)"
    check "  ... verdict INTERRUPTED" grep -q '^Verdict: INTERRUPTED' "$tmp/out"
fi
"$BIN" explain --ring 64 --packets 256 --max-memory 50 >/dev/null 2>"$tmp/err"
check "--max-memory 50: the refusal says what was given" grep -q -- "--max-memory 50 (MB)" "$tmp/err"

# ---- 4. a signal to report ---------------------------------------------------
mkdir "$tmp/tmpdir"
report_stopped() { # report_stopped SIGNAL TARGET(pid|group) OUT (a device: no page to read)
    local sig=$1 target=$2 out=$3 p rc
    # For the group: a session of its own (setsid does not fork here: a
    # script's background job leads no group), so that its PID is the group's.
    if [ "$target" = group ]; then
        TMPDIR="$tmp/tmpdir" setsid "$BIN" report --html "$out" >"$tmp/rout" 2>"$tmp/rerr" &
    else
        TMPDIR="$tmp/tmpdir" "$BIN" report --html "$out" >"$tmp/rout" 2>"$tmp/rerr" &
    fi
    p=$!
    pids+=("$p")
    sleep 1.5
    if [ "$target" = group ]; then kill -"$sig" -- -"$p"; else kill -"$sig" "$p"; fi
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$p" 2>/dev/null; then
        ok 1 "SIG$sig to report's $target stops it within 5 s"
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
        return
    fi
    wait "$p"
    rc=$?
    ok $((rc != 130)) "SIG$sig to report's $target: stops at once, 130 (got $rc)"
    [ -c "$out" ] || check "  ... the page is marked interrupted" grep -q 'Interrupted</b>' "$out"
    check "  ... no temporary folder left" bash -c "[ -z \"\$(ls -A '$tmp/tmpdir')\" ]"
}
report_stopped INT pid "$tmp/r1.html"
report_stopped TERM pid "$tmp/r2.html"
if command -v setsid >/dev/null; then
    report_stopped INT group "$tmp/r3.html"
else
    skip "SIGINT to report's process group" "setsid not installed"
fi
if [ "$nodes" = 1 ]; then
    report_stopped INT pid "$tmp/null"
    check "  ... report --html onto a /dev/null node: the node survives" same_node "$tmp/null" 1:3
fi
TMPDIR=$'/nonexistent/\e]0;x\a' "$BIN" report --html "$tmp/r.html" >"$tmp/out" 2>"$tmp/err"
ok $(($? != 125)) "report with TMPDIR it cannot use: 125"
check "  ... one line, its bytes escaped" bash -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && ! grep -q \$'\\e' '$tmp/err'"

# ---- 6. outside bytes escaped --------------------------------------------------
esc=$'\e'
for c in "probe" "run --qemu-fix=upstream --duration 0.1"; do
    # shellcheck disable=SC2086
    GLIBC_TUNABLES=$'\e]0;title\a\e[31mred\nsecond line' timeout 60 "$BIN" $c >"$tmp/out" 2>&1
    check "GLIBC_TUNABLES with ESC and a newline: ${c%% *} prints no raw ESC" \
        bash -c "! grep -q '$esc' '$tmp/out' && ! grep -q \$'\\a' '$tmp/out'"
    check "  ... and keeps the value on its header line, escaped" grep -qF 'red\x0asecond line' "$tmp/out"
    check "  ... and no line starts with the value's second line" bash -c "! grep -q '^second line' '$tmp/out'"
done
timeout 60 "$BIN" probe --debug-dir "$tmp/"$'\e[2J\nx' >"$tmp/out" 2>&1
check "probe --debug-dir with ESC and a newline: no raw ESC printed" bash -c "! grep -q '$esc' '$tmp/out'"
timeout 60 "$BIN" explain --copy=double --svg "$tmp/"$'\e[2J/no' >"$tmp/out" 2>"$tmp/err"
check "explain --svg with ESC in the path: refused with the bytes escaped" bash -c \
    "[ \$(wc -l <'$tmp/err') -eq 1 ] && ! grep -q '$esc' '$tmp/err'"

# ---- 7. small stacks ---------------------------------------------------------
# Below some size the C library's loader itself cannot start the program:
# no command can help that, so a size where --version crashes is skipped.
starts() { (ulimit -s "$1" && exec "$BIN" --version) >/dev/null 2>&1; }
if [ "$asan" = 1 ]; then
    skip "small stacks" "a sanitizer build needs larger stacks"
else
    for s in 24 16; do
        if ! starts $s; then
            skip "ulimit -s $s" "the program cannot even start with it here"
            continue
        fi
        for c in "probe" "probe --tunables" "run --qemu-fix=upstream --duration 0.2" \
            "explain --copy=double"; do
            # shellcheck disable=SC2086
            (ulimit -s $s && exec timeout 60 "$BIN" $c) >"$tmp/out" 2>"$tmp/err"
            rc=$?
            if [ "$rc" -le 1 ] || { [ "$rc" -eq 125 ] && [ "$s" -lt 24 ]; }; then
                ok 0 "ulimit -s $s: $c does not crash (exit $rc)"
            elif [ "$rc" -eq 125 ] && grep -q "not measured\|stack limit\|cannot test here\|INCONCLUSIVE" "$tmp/out" "$tmp/err"; then
                ok 0 "ulimit -s $s: $c does not crash (exit 125, said why)"
            else
                ok 1 "ulimit -s $s: $c does not crash (exit $rc)"
                diag "$(tail -n 3 "$tmp/err")"
            fi
        done
    done
    # probe and run work at 24 KB: their stack buffers are gone.
    if starts 24; then
        (ulimit -s 24 && exec "$BIN" probe) >"$tmp/out" 2>"$tmp/err"
        rc=$?
        ok $((rc > 1 && rc != 125)) "ulimit -s 24: probe measures (exit $rc)"
        check "  ... and not the stack-limit line" bash -c "! grep -q 'stack limit' '$tmp/err'"
    fi
    # Below what explain needs: 125 and one line naming the limit, never a
    # crash.
    if starts 16; then
        (ulimit -s 16 && exec "$BIN" explain --copy=double) >"$tmp/out" 2>"$tmp/err"
        rc=$?
        ok $((rc != 125 && rc != 1)) "ulimit -s 16: explain ends in 125 or its verdict, no crash (exit $rc)"
        if [ "$rc" = 125 ]; then
            check "  ... one line naming the limit" bash -c \
                "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'ulimit -s 16 KB' '$tmp/err'"
        fi
    fi
fi
done_testing
