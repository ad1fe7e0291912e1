#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# docs.sh - every output example in README.md and docs/*.md (a fenced block
# after "<!-- example: ARGS -->") matches a fresh run of ./e1000_poc ARGS,
# with what differs between hosts and runs masked (docs/examples.sh, rules
# in docs/testing.md). First the checker checks itself: a tampered block
# must fail, a regenerated one pass.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

example='explain --copy=double'
printf '%s\n' "# self-test" "<!-- example: $example -->" '```' '```' >"$tmp/self.md"
docs/examples.sh update "$tmp/self.md" 2>/dev/null
check "make docs writes the output of a real run into the block" \
    grep -q "^Verdict: VIOLATION" "$tmp/self.md"
docs/examples.sh check "$tmp/self.md" >/dev/null
ok $? "... and the check accepts it"
sed -i 's/^Replay: .*/Replay: e1000_poc explain --replay x2\/bogus/' "$tmp/self.md"
docs/examples.sh check "$tmp/self.md" >/dev/null
ok $((1 - $?)) "a changed line fails the check"
printf '%s\n' "<!-- example: run --copy=double --duration 0.2 (shape) -->" '```' '```' >"$tmp/shape.md"
docs/examples.sh update "$tmp/shape.md" 2>/dev/null
sed -i '/^  ring /d' "$tmp/shape.md"
docs/examples.sh check "$tmp/shape.md" >/dev/null
ok $((1 - $?)) "(shape): a missing header line fails the check"
printf '%s\n' "<!-- example: probe -->" 'no fence' >"$tmp/bad.md"
docs/examples.sh check "$tmp/bad.md" >/dev/null 2>&1
ok $((1 - $?)) "a marker without a fenced block fails the check"

# The examples themselves, one result each: made on x86-64 glibc, whose
# copy routines and probe lines they show.
if [ "$(uname -m)" != x86_64 ] || ! ldd --version 2>&1 | grep -qi 'glibc\|gnu libc'; then
    skip "the README's and docs' examples" "they were made on x86-64 glibc; this host is $(uname -m)"
    done_testing
    exit
fi
docs/examples.sh check >"$tmp/out" 2>&1
rc=$?
while IFS= read -r line; do
    case $line in
    "ok "*) ok 0 "example ${line#ok [0-9]* - }" ;;
    "not ok "*) ok 1 "example ${line#not ok [0-9]* - }" ;;
    "1.."*) ;;
    *) echo "$line" ;;
    esac
done <"$tmp/out"
[ $rc -eq 0 ] || grep -q '^not ok' "$tmp/out" || ok 1 "docs/examples.sh check exits $rc"

# Every path a doc names in backticks exists: a file or folder of this tree
# (src/-relative names such as `model/nic.h` and bare names such as
# `nic.h` are found where they live; `bench/rx_work` is the program built
# from bench/rx_work.c; `<host>` stands for any folder). Not checked:
not_ours() { # paths that are examples, or other projects' files
    case $1 in
    run.pid | out.svg | r.html | x.svg) return 0 ;; # example outputs the user names
    hw/* | drivers/net/* | lib/eal/* | drivers/*) return 0 ;; # QEMU's, DPDK's, Linux's sources
    build-info.txt | tools/qemu/patches/NAME.patch) return 0 ;; # written into the QEMU cache; a pattern
    *.so.[0-9]*) return 0 ;; # system libraries (libgcc_s.so.1)
    esac
    return 1
}
missing=""
for f in README.md docs/*.md; do
    for p in $(grep -o '`[^` ]*`' "$f" | tr -d '`' | sort -u); do
        case $p in
        src/* | tests/* | docs/* | bench/* | completion/* | tools/* | .ci/* | build/* | */*.[ch] | \
            *.md | *.cmd | *.1 | *.bash | *.[ch] | *.sh | *.txt | *.json | *.svg | *.html | *.pid) ;;
        *) continue ;;
        esac
        case $p in -* | *=* | *'$'* | *'*'*) continue ;; esac # options, assignments, globs
        p=${p%%#*} p=${p%[:,.]}
        not_ours "$p" && continue
        pat=$(sed 's/<[^>]*>/*/g' <<<"$p")
        compgen -G "$pat" >/dev/null || compgen -G "src/$pat" >/dev/null ||
            compgen -G "$pat.c" >/dev/null ||
            { [[ $pat != */* ]] && [ -n "$(find src tests docs bench tools completion -name "$pat" -print -quit)" ]; } ||
            missing="$missing $f:$p"
    done
done
check "every path a doc names in backticks exists${missing:+ (not:$missing)}" test -z "$missing"

# The README stays short: depth goes to docs/. Not counted: the lines a
# live example prints as events happen (the seed's DPDK: and Qemu: lines),
# whose number is the run's, not the README's (make docs reruns it).
n=$(grep -Evc '^(DPDK: |Qemu: |RX COUNT: |\(further )' README.md)
check "README.md is at most 250 lines, a live example's event lines aside ($n)" test "$n" -le 250
done_testing
