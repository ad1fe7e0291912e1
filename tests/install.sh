#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# install.sh - make install with PREFIX and DESTDIR puts the binary, the man
# page, the gdb scripts and the bash completion in place, the installed
# binary and completion work, and make uninstall removes exactly them.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
unset MAKEFLAGS MAKEOVERRIDES MFLAGS MAKELEVEL
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root prefix=/opt/e1000
files="bin/e1000_poc share/man/man1/e1000_poc.1 share/bash-completion/completions/e1000_poc"
for g in gdb*.cmd; do files="$files share/e1000_poc/$g"; done

make --no-print-directory BUILD="$BUILD" install DESTDIR="$root" PREFIX="$prefix" >"$tmp/out" 2>&1
ok $? "make install DESTDIR=... PREFIX=$prefix"
for f in $files; do
    check "installs \$PREFIX/$f" test -s "$root$prefix/$f"
done
check "installs nothing else" test "$(find "$root" -type f | wc -l)" -eq "$(echo $files | wc -w)"
check "the installed binary runs" bash -c "'$root$prefix/bin/e1000_poc' --version | grep -q '^e1000_poc '"
check "the binary is executable, the rest not" bash -c \
    "test -x '$root$prefix/bin/e1000_poc' && test ! -x '$root$prefix/share/e1000_poc/gdb.cmd'"

# The installed binary names the installed gdb script in its header, the
# one for its descriptor format.
for dev in e1000:gdb.cmd igb:gdb-status-error.cmd; do
    "$root$prefix/bin/e1000_poc" run --device=${dev%%:*} --qemu-fix=upstream --duration 0.1 >"$tmp/run" 2>&1
    check "installed: the ${dev%%:*} run's header attaches gdb with \$PREFIX/share/e1000_poc/${dev#*:}" \
        grep -Eq "^  pid     [0-9]+ \(attach: gdb -p [0-9]+ -x $root$prefix/share/e1000_poc/${dev#*:}\)$" "$tmp/run"
done
# The installed man page: the real path, and every gdb script installed.
man1=$root$prefix/share/man/man1/e1000_poc.1
check "installed man page: the gdb scripts under $prefix, no PREFIX or /usr/local left" \
    sh -c "grep -q '$prefix/share/e1000_poc/gdb.cmd' '$man1' && ! grep -q 'PREFIX/share\|/usr/local/share' '$man1'"
for g in gdb*.cmd; do
    check "the man page's FILES names $g" grep -q "^\.I PREFIX/share/e1000_poc/$(sed 's/-/\\\\-/g' <<<"$g")\$" e1000_poc.1
done

# The completion reads the installed binary's --help.
# (tests/completion.sh tests it as bash splits the line; here, the line.)
complete_words() { # complete_words WORD...: what Tab offers after them
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
             COMP_LINE="$*" COMP_WORDBREAKS=" "; COMP_POINT=${#COMP_LINE}; _e1000_poc
             printf "%s\n" "${COMPREPLY[@]}"' _ \
        "$root$prefix/share/bash-completion/completions/e1000_poc" "$root$prefix/bin/e1000_poc" "$@"
}
export -f complete_words
export root prefix
check "completion: commands" bash -c "[ \"\$(complete_words ex)\" = explain ]"
check "completion: explain's --memory= choices" \
    bash -c "[ \"\$(complete_words explain --memory= | xargs)\" = '--memory=sc --memory=tso' ]"
check "completion: run's --copy= choices include double" \
    bash -c "complete_words run --copy= | grep -qx -- --copy=double"
check "completion: probe's options" bash -c "complete_words probe --tu | grep -qx -- --tunables"
check "completion: the vm command" bash -c "[ \"\$(complete_words v)\" = vm ]"
check "completion: vm's --driver= choices include linux-e1000e" \
    bash -c "complete_words vm --driver= | grep -qx -- --driver=linux-e1000e"
check "completion: a run option is not offered for probe" \
    bash -c "! complete_words probe --dur | grep -q ."
make --no-print-directory BUILD="$BUILD" uninstall DESTDIR="$root" PREFIX="$prefix" >"$tmp/out" 2>&1
ok $? "make uninstall"
check "uninstall removes every file it installed" test "$(find "$root" -type f | wc -l)" -eq 0
check "... and share/e1000_poc" test ! -e "$root$prefix/share/e1000_poc"
done_testing
