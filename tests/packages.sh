#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# packages.sh - make check installs nothing: tests/deps.sh only names the
# optional tools that are missing; `make deps` (--install) installs them.
# Checked with a fake apt-get that records its calls.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bad=$(grep -Ev '^(#|$)' tests/packages.txt | awk 'NF < 3' | head -n 1)
check "tests/packages.txt: every line names a package, a command and why" test -z "$bad"

# Every tool a test looks for with `command -v` (and skips without) is one
# make deps installs: named in packages.txt, or in deps.sh's platform lists.
# Not named there: apt-get (deps.sh's own); chromium-browser (chromium's
# other name); aarch64-linux-gnu-objdump (comes with deps.sh's aarch64 cross
# compiler).
cmds=$(awk '!/^#/ && NF >= 3 { print $2 }' tests/packages.txt)
unlisted=""
for t in $(grep -ho 'command -v "\{0,1\}[a-z][a-z0-9_-]*' tests/*.sh | sed 's/.* "\{0,1\}//' | sort -u); do
    case $t in apt-get | chromium-browser | aarch64-linux-gnu-objdump) continue ;; esac
    grep -qx -- "$t" <<<"$cmds" && continue
    grep -q "command -v $t\b" tests/deps.sh && continue
    unlisted="$unlisted $t"
done
check "every tool a test skips without is in tests/packages.txt${unlisted:+ (not:$unlisted)}" test -z "$unlisted"

mkdir "$tmp/bin"
for tool in apt-get sudo; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$tool" "$tmp" >"$tmp/bin/$tool"
    chmod +x "$tmp/bin/$tool"
done
# Only the fakes on PATH: every optional tool is missing.
PATH="$tmp/bin" /bin/bash tests/deps.sh >"$tmp/out" 2>&1
ok $? "deps.sh with every tool missing exits 0"
check "... and calls no apt-get" test ! -e "$tmp/calls"
n=$(grep -Evc '^(#|$)' tests/packages.txt)
check "... and names each missing tool with its reason ($n)" \
    test "$(grep -c '^  .* (.*): ' "$tmp/out")" -eq "$n"
check "make check runs deps.sh without --install" \
    bash -c "sed -n '/^check:/,/^\$/p' Makefile | grep -q 'tests/deps.sh\$'"
PATH="$tmp/bin" /bin/bash tests/deps.sh --install >"$tmp/out" 2>&1
check "deps.sh --install (make deps) installs with apt-get" grep -q "apt-get .*install .*gdb" "$tmp/calls"
done_testing
