#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# man.sh - e1000_poc.1 is lint-clean and cannot drift from --help: every
# option each subcommand's --help lists is in the man page, and each
# subcommand's exit statuses there are the ones its --help states.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
man=e1000_poc.1

if command -v groff >/dev/null; then
    out=$(groff -man -ww -z "$man" 2>&1)
    check "groff -man -ww -z prints nothing" test -z "$out"
    [ -z "$out" ] || diag "$out"
else
    skip "groff -man -ww -z prints nothing" "groff not installed (make deps)"
fi
if command -v mandoc >/dev/null; then
    out=$(mandoc -T lint -W warning "$man" 2>&1)
    check "mandoc -T lint finds nothing" test -z "$out"
else
    skip "mandoc -T lint finds nothing" "mandoc not installed"
fi

# The man page spells a dash \-; compare with the dashes unescaped.
text=$(sed 's/\\-/-/g' "$man")
# Every subcommand the binary lists, so a new one cannot be left out.
commands=$("$BIN" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
check "the binary lists its subcommands" test -n "$commands"
for cmd in $commands; do
    grep -q "^\.B $cmd\$" "$man"
    ok $? "the man page describes the $cmd command"
    help=$("$BIN" "$cmd" --help)
    opts=$(printf '%s\n' "$help" | sed -n 's/^  \(--[a-z][a-z-]*\).*/\1/p' | sort -u)
    check "$cmd --help lists options" test -n "$opts"
    missing=""
    for o in $opts; do
        printf '%s\n' "$text" | grep -q -- "$o\b" || missing="$missing $o"
    done
    check "every option of $cmd --help is in the man page" test -z "$missing"
    [ -z "$missing" ] || diag "missing:$missing"
    # Exit statuses: the numbers --help gives, and those under ".SS cmd" in
    # EXIT STATUS.
    want=$(printf '%s\n' "$help" | sed -n '/^exit status of/,$s/^  \([0-9][0-9]*\) .*/\1/p' | xargs)
    have=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$man" |
        sed -n "/^\.SS $cmd\$/,/^\.S[SH] /s/^\.B \([0-9][0-9]*\)\$/\1/p" | xargs)
    check "$cmd: the man page's exit statuses ($have) are --help's ($want)" \
        test -n "$want" -a "$want" = "$have"
done
# The shared section lists only what both take (it once listed --widen and
# --jitter, which matrix refuses), and each "only" section what its
# command's --help lists.
section_opts() { # section_opts TITLE: the options its .TP entries name (not "run only" ones)
    sed -n "/^\.SS $1\$/,/^\.S[SH] /p" "$man" | sed 's/\\-/-/g' | awk '
        /^\.TP$/ { if (o != "" && !only) print o; o = ""; only = 0; head = 1; next }
        head && /^\.B[IR]* --[a-z]/ { o = $2; sub(/=.*/, "", o); head = 0 }
        /run only/ { only = 1 }
        END { if (o != "" && !only) print o }' | sort -u
}
for pair in "Options of run and matrix:run matrix" "Options of run only:run" \
    "Options of matrix only:matrix"; do
    title=${pair%%:*} bad=""
    opts=$(section_opts "$title")
    for c in ${pair#*:}; do
        h=$("$BIN" "$c" --help)
        for o in $opts; do
            printf '%s\n' "$h" | grep -q -- "^  $o\b" || bad="$bad $c:$o"
        done
    done
    check "man page \"$title\": every option is one $(echo ${pair#*:} | sed 's/ / and /') take${bad:+ (not:$bad)}" \
        test -n "$opts" -a -z "$bad"
done
for sw in WITH_QEMU_PATCH WITH_PATCH WITH_DPDK_PATCH RX_DESC_NUM SLOW_MEMCPY RX_INTERVAL \
    DPDK_VLOG DURATION ARGS GLIBC_TUNABLES PREFIX DESTDIR; do
    check "the man page names $sw" grep -q "$sw" "$man"
done
done_testing
