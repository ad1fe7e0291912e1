#!/usr/bin/env bash
# bench/run.sh - how fast the live run reproduces on this machine.
#   make bench                 20 runs of each configuration
#   RUNS=5 bench/run.sh        fewer runs
# Prints a table of medians and maxima and writes bench/results/repro.json.
# Run it alone: the race needs both CPUs, and other load changes the numbers.
cd "$(dirname "$0")/.." || exit 1
: "${BIN:=./e1000_poc}" "${RUNS:=20}"
out=bench/results/repro.json
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# seconds from "12.3 ms" or "1.234 s"
to_s() { awk '{ if ($2 == "ms") printf "%.6f\n", $1 / 1000; else printf "%.6f\n", $1 }'; }

# stats NAME < values (one per line, "-" = not seen): median max seen/total
stats() {
    sort -g | awk -v runs="$RUNS" '
        $1 != "-" { v[n++] = $1 }
        END {
            if (n == 0) { printf "- - 0/%d\n", runs; exit }
            med = (n % 2) ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2
            printf "%.4f %.4f %d/%d\n", med, v[n - 1], n, runs
        }'
}

json_rows=()
printf '%-34s %12s %12s %8s\n' "configuration ($RUNS runs each)" "median s" "max s" "seen"
for cfg in "lockstep:--pace=lockstep" "free:--pace=free"; do
    name=${cfg%%:*}
    args=${cfg#*:}
    : >"$tmp"
    for _ in $(seq "$RUNS"); do
        # shellcheck disable=SC2086
        "$BIN" run --qemu-fix=none --dpdk-fix=none --ring 32 --duration 10 $args >"$tmp.run" 2>&1
        stale=$(sed -n 's/^  stale buffer addresses .*first after \([0-9.]* m\?s\)$/\1/p' "$tmp.run" | to_s)
        hang=$(sed -n 's/^  hang: RDH=[0-9]* RDT=[0-9]* since \([0-9.]* m\?s\),.*/\1/p' "$tmp.run" | to_s)
        echo "${stale:--} ${hang:--}" >>"$tmp"
    done
    read -r s_med s_max s_seen < <(cut -d' ' -f1 "$tmp" | stats)
    read -r h_med h_max h_seen < <(cut -d' ' -f2 "$tmp" | stats)
    printf '%-34s %12s %12s %8s\n' "$name: first stale buffer address" "$s_med" "$s_max" "$s_seen"
    printf '%-34s %12s %12s %8s\n' "$name: ring hang (32 descriptors)" "$h_med" "$h_max" "$h_seen"
    json_rows+=("{\"pace\": \"$name\", \"ring\": 32, \"runs\": $RUNS, \"first_stale_s\": {\"median\": \"$s_med\", \"max\": \"$s_max\", \"seen\": \"$s_seen\"}, \"hang_s\": {\"median\": \"$h_med\", \"max\": \"$h_max\", \"seen\": \"$h_seen\"}}")
done
rm -f "$tmp.run"
{
    printf '{"host": "%s", "libc": "%s", "date": "%s", "results": [\n' \
        "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
        "$(ldd --version 2>/dev/null | head -n 1)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    ( IFS=','; printf '%s\n' "${json_rows[*]}" | sed 's/},{/},\n{/g' )
    printf ']}\n'
} >"$out"
echo "wrote $out"
