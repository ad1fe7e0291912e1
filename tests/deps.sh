#!/usr/bin/env bash
# deps.sh - the optional tools of tests/packages.txt.
#   tests/deps.sh            say which are missing (make check: installs nothing)
#   tests/deps.sh --install  install the missing ones with apt-get (make deps)
cd "${0%/*}/.." || exit 1 # no dirname: it must run with a bare PATH too
missing=() why=()
while read -r package command reason; do
    case $package in '' | '#'*) continue ;; esac
    command -v "$command" >/dev/null && continue
    missing+=("$package")
    why+=("  $command ($package): $reason")
done <tests/packages.txt
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "${1:-}" != "--install" ]; then
    echo "tests/deps.sh: not installed, their tests will be skipped (make deps installs them):"
    printf '%s\n' "${why[@]}"
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "tests/deps.sh: no apt-get here; install these yourself: ${missing[*]}" >&2
    exit 1
fi
sudo=()
[ "$EUID" -eq 0 ] || sudo=(sudo)
echo "tests/deps.sh: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        "${missing[@]}"
