# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - what the tools/qemu scripts share; source it.
# The cache: ${E1000_POC_QEMU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/e1000_poc/qemu}. Every
# entry is built in a temporary folder beside its final place and renamed into place only
# when it passed its checks, so a cache entry is always whole: an interrupted build leaves
# nothing that a later run could mistake for a finished one.

QEMU_CACHE=${E1000_POC_QEMU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/e1000_poc/qemu}
QEMU_TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# die STATUS MESSAGE: one line on stderr, then exit STATUS (2 bad usage, 125 cannot here).
die() {
    echo "${0##*/}: $2" >&2
    exit "$1"
}

say() { echo "${0##*/}: $*" >&2; }

# debian_mirror: the Debian mirror apt is configured with here (the first deb URI naming
# the main archive, from deb822 .sources files or one-line .list files).
debian_mirror() {
    local f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        uri=$(awk 'tolower($1) == "types:" { deb = ($0 ~ /[[:space:]]deb([[:space:]]|$)/) }
                   tolower($1) == "uris:" && deb { print $2; exit }' "$f" | grep -v -- '-security' | head -n 1)
        [ -n "$uri" ] && { echo "${uri%/}"; return 0; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f" |
            grep -v -- '-security' | grep -i debian | head -n 1)
        [ -n "$uri" ] && { echo "${uri%/}"; return 0; }
    done
    return 1
}

need_root() {
    [ "$(id -u)" = 0 ] || die 125 "$1 needs root (debootstrap, apt-get); run it as root"
}

# elapsed START: seconds since START (from date +%s), as a whole number.
elapsed() { echo $(($(date +%s) - $1)); }
