#!/usr/bin/env bash
# matrix.sh - the matrix covers every fix x workaround x copy routine, as a
# table and as JSON; fixed cells show no event (what always holds).
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
: "${BUILD:=build}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$BIN" matrix --each 0.2 >"$tmp/out" 2>&1
ok $? "matrix --each 0.2: exit 0"
rows=$(grep -Ec '^(none|upstream|atomic-status) +(none|stop-at-rdh) +[a-z0-9-]+ +(Sometimes|Never|skipped)' "$tmp/out")
ok $((rows != 42)) "42 cells: 3 fixes x 2 workarounds x 7 copy routines ($rows)"
bad=$(awk '($1 == "upstream" || $1 == "atomic-status" || $2 == "stop-at-rdh") && $4 != "Never"' "$tmp/out")
ok $([ -z "$bad" ]; echo $?) "every cell with a fix or the workaround: Never"
[ -z "$bad" ] || diag "$bad"
bad=$(awk '$1 == "none" && $2 == "none" && ($3 == "single" || $3 == "split8") && $4 != "Never"' "$tmp/out")
ok $([ -z "$bad" ]; echo $?) "unfixed with a single-store or status-last copy: Never"

"$BIN" matrix --each 0.1 --json >"$tmp/json" 2>"$tmp/err"
ok $? "matrix --json: exit 0"
"$BUILD/tests/json_check" cells name observation config stats host <"$tmp/json"
ok $? "matrix --json: one well-formed object with cells"
cells=$(grep -c '"name": "e1000/' "$tmp/json")
ok $((cells != 42)) "matrix --json: 42 cells ($cells)"
check "matrix --json: the table went to stderr" grep -q "^qemu-fix" "$tmp/err"
done_testing
