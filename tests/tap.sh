# SPDX-License-Identifier: GPL-2.0-or-later
# tap.sh - TAP for the shell tests; source it.
#   check "description" command args...   passes when the command succeeds
#   ok STATUS "description"                passes when STATUS is 0
#   skip "description" "reason"
#   done_testing                           prints the plan; exit status
TAP_N=0
TAP_FAILED=0

ok() {
    TAP_N=$((TAP_N + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $TAP_N - $2"
    else
        echo "not ok $TAP_N - $2"
        TAP_FAILED=$((TAP_FAILED + 1))
    fi
}

check() {
    local desc=$1
    shift
    if "$@"; then ok 0 "$desc"; else ok 1 "$desc"; fi
}

skip() {
    TAP_N=$((TAP_N + 1))
    echo "ok $TAP_N - $1 # SKIP $2"
}

diag() {
    printf '%s\n' "$@" | sed 's/^/# /'
}

done_testing() {
    echo "1..$TAP_N"
    [ "$TAP_FAILED" -eq 0 ]
}

: "${BIN:=./e1000_poc}"
