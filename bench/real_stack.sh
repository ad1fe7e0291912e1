#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/real_stack.sh - issue 19's targets for `e1000_poc vm`, on this host:
#   - the guest image: rebuilt from the cached packages (guest/build.sh --force,
#     target <= 60 s) once, and found cached (median of RUNS);
#   - boot to the receiver's first poll under TCG (target <= 15 s): median of RUNS
#     short runs of the stock QEMU;
#   - the ceiling of frames into the guest (target >= 50 k/s): --rate 0 for
#     10 s, DPDK em on e1000 and, where a QEMU with igb is cached, DPDK igb;
#   - one widened run (--widen=watchpoint, up to WIDE_S seconds, the run stops
#     at the first ring hang) per configuration this host has a QEMU for: the
#     stock QEMU, tools/qemu's builds (unfix-e1000, Debian 13's QEMU, 10.2.2
#     with and without the project's patch), each with the drivers the model
#     calls exposed or fixed there. Its exit status, time to the first event,
#     breakpoint hits, holds, holds used, undone, frames and stores per
#     write-back go into the table.
# Writes bench/results/<host>/real_stack.json (one object per line) and
# real_stack.md. Run it alone (make bench-real): a TCG guest needs both CPUs.
#   RUNS=3 WIDE_S=60 COLD=1 bench/real_stack.sh
#   bench/real_stack.sh --table    only rewrite real_stack.md from real_stack.json
cd "$(dirname "$0")/.." || exit 1
: "${BIN:=./e1000_poc}" "${RUNS:=3}" "${WIDE_S:=60}" "${COLD:=1}"
command -v qemu-system-x86_64 >/dev/null || { echo "real_stack: qemu-system-x86_64 not installed (make deps)"; exit 0; }
model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
slug=$(echo "$model" | tr 'A-Z' 'a-z' | sed 's/@.*//; s/(r)//g; s/(tm)//g; s/\bcpu\b//g; s/\bprocessor\b//g' |
    tr -cs 'a-z0-9' '-' | sed 's/^-*//; s/-*$//')
out=bench/results/${slug:-unknown}
mkdir -p "$out"
json=$out/real_stack.json
md=$out/real_stack.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
now() { date +%s.%N; }
num() { sed -n "s/^ *\"$1\": *\\([0-9.eE+-]*\\).*/\\1/p" "$2" | head -n 1; }
str() { sed -n "s/^ *\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -n 1; }
load() { cut -d ' ' -f 1 /proc/loadavg; }

echo "real_stack: host $model, $(nproc) CPUs, load $(load); results in $out"

# jget KEY LINE: a member of one JSON line as text (a decimal number rounded to 0.1; "-" for none).
jget() {
    local v
    v=$(printf '%s' "$2" | sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p")
    if [[ $v =~ ^[0-9]+\.[0-9]+$ ]]; then
        printf '%.1f' "$v"
    elif [ -z "$v" ] || [ "$v" = null ]; then
        printf -- '-'
    else
        printf '%s' "$v"
    fi
}
# render: bench/results/<host>/real_stack.md from the JSON lines (bench/real_stack.sh --table
# redoes it alone).
render() {
    local l
    echo "# Real-stack runs on $model ($(nproc) CPUs), TCG"
    echo
    echo "\`bench/real_stack.sh\`, $(date -u +%Y-%m-%d); the load average (other jobs on the same 2 CPUs) is in"
    echo "real_stack.json, one value per measurement."
    echo
    while read -r l; do
        case $(jget what "$l") in
        guest-image) echo "- Guest image rebuilt from the cached packages (\`guest/build.sh --force\`): $(jget cold_s "$l") s; found cached: $(jget cached_median_s "$l") s (median of $(jget runs "$l"))." ;;
        boot) echo "- Boot to the receiver's first poll under TCG: median $(jget median_s "$l") s (runs: $(jget runs "$l" | sed 's/ *$//'))." ;;
        ceiling) echo "- Ceiling, $(jget qemu "$l") $(jget device "$l") + $(jget driver "$l"), --rate 0: $(jget received "$l") frames in $(jget run_s "$l") s = $(jget per_s "$l") frames/s." ;;
        esac
    done <"$json"
    echo
    echo "Widened: \`--widen=watchpoint\`, 100 us holds, at most ${WIDE_S} s (a run stops at the first ring hang),"
    echo "20 k frames/s asked. \"Stores on the ready byte\": per write-back, from the probe of QEMU's own C library"
    echo "(DD's byte; the length for linux-igb). \"Undone (+ unheld)\": the second store brought back what the"
    echo "driver had changed during a hold (+ with the driver already between the stores when the breakpoint hit)."
    echo
    echo "| QEMU | device | driver | write-back | exit | first event | frames | events | stores on the ready byte | ring hits | holds | used | undone (+ unheld) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    while read -r l; do
        [ "$(jget what "$l")" = widened ] || continue
        local s16 s2 stores=-
        s16=$(jget stores_16 "$l") s2=$(jget stores_second "$l")
        [ "$s16" != - ] && stores=$((s16 + ${s2/-/0}))
        printf '| %s (%s) | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s (+ %s) |\n' \
            "$(jget qemu "$l")" "$(jget version "$l")" "$(jget device "$l")" "$(jget driver "$l")" \
            "$(jget writeback "$l")" "$(jget exit "$l")" "$(jget first_event_s "$l" | sed 's/^[0-9.]*$/& s/')" \
            "$(jget received "$l")" "$(jget events "$l")" "$stores" "$(jget hits_ring "$l")" "$(jget holds "$l")" \
            "$(jget holds_used "$l")" "$(jget undone "$l")" "$(jget undone_unheld "$l")"
    done <"$json"
}
if [ "${1:-}" = --table ]; then
    render >"$md"
    echo "real_stack: wrote $md from $json"
    exit 0
fi

: >"$json"

# ---- the guest image ----
cold=-
if [ "$COLD" = 1 ]; then
    t0=$(now)
    guest/build.sh --force --quiet >"$tmp/g" 2>&1 || { tail -n 3 "$tmp/g"; exit 1; }
    cold=$(echo "$(now) - $t0" | bc)
    echo "real_stack: guest image rebuilt from cached packages in $cold s (load $(load))"
fi
for _ in $(seq 1 "$RUNS"); do
    t0=$(now)
    guest/build.sh --quiet >"$tmp/g" 2>&1 || { tail -n 3 "$tmp/g"; exit 1; }
    echo "$(now) - $t0" | bc
done >"$tmp/cached"
cached=$(median <"$tmp/cached")
guest=$(tail -n 1 "$tmp/g")
echo "real_stack: guest image cached: median $cached s"
printf '{"what":"guest-image","cold_s":"%s","cached_median_s":%s,"runs":%s,"load":"%s"}\n' \
    "$cold" "$cached" "$RUNS" "$(load)" >>"$json"

# ---- boot to ready, natural short runs of the stock QEMU ----
for i in $(seq 1 "$RUNS"); do
    "$BIN" vm --guest "$guest" --accel tcg --duration 3 --rate 2000 --json >"$tmp/b$i" 2>/dev/null
    num boot_s "$tmp/b$i"
done | grep . >"$tmp/boot"
boot=$(median <"$tmp/boot")
echo "real_stack: boot to ready (TCG): median $boot s of $(tr '\n' ' ' <"$tmp/boot")"
printf '{"what":"boot","median_s":%s,"runs":"%s","load":"%s"}\n' "${boot:-null}" \
    "$(tr '\n' ' ' <"$tmp/boot")" "$(load)" >>"$json"

# ---- the QEMUs this host has ----
qemus=("stock|$(command -v qemu-system-x86_64)")
add_build() { # add_build LABEL PATCH [SOURCE]
    local p
    p=$(tools/qemu/build-src.sh --print ${3:+--source "$3"} "$2" 2>/dev/null | tail -n 1)
    [ -x "$p" ] && qemus+=("$1|$p")
}
add_build unfix-e1000 unfix-e1000
[ -x "${E1000_POC_QEMU_CACHE:-$HOME/.cache/e1000_poc/qemu}/debian13/qemu-system-x86_64" ] &&
    qemus+=("debian13|${E1000_POC_QEMU_CACHE:-$HOME/.cache/e1000_poc/qemu}/debian13/qemu-system-x86_64")
add_build 10.2.2 none 1:10.2.2+ds-1
add_build 10.2.2+dd-store-v2 dd-store-v2
qemu_of() { local q; for q in "${qemus[@]}"; do [ "${q%%|*}" = "$1" ] && echo "${q#*|}"; done; }

# ---- the ceiling of frames into the guest ----
ceiling() { # ceiling LABEL QEMU DEVICE DRIVER
    "$BIN" vm --qemu "$2" --guest "$guest" --accel tcg --device "$3" --driver "$4" --rate 0 --burst 32 \
        --duration 10 --json >"$tmp/c" 2>/dev/null
    local rx run
    rx=$(num received "$tmp/c") run=$(num run_s "$tmp/c")
    local rate
    rate=$(echo "scale=0; ${rx:-0} / ${run:-1}" | bc)
    echo "real_stack: ceiling $1 $3 $4: $rx frames in $run s = $rate/s"
    printf '{"what":"ceiling","qemu":"%s","device":"%s","driver":"%s","received":%s,"run_s":%s,"per_s":%s,"load":"%s"}\n' \
        "$1" "$3" "$4" "${rx:-0}" "${run:-0}" "$rate" "$(load)" >>"$json"
}
ceiling stock "$(qemu_of stock)" e1000 dpdk-em
q=$(qemu_of debian13)
[ -n "$q" ] && ceiling debian13 "$q" igb dpdk-igb

# ---- widened runs ----
# label device driver: the configurations, each run when its QEMU is here.
configs=(
    "stock e1000 dpdk-em" "stock e1000 linux-e1000" "stock e1000e dpdk-em" "stock e1000e linux-e1000e"
    "unfix-e1000 e1000 dpdk-em" "unfix-e1000 e1000 linux-e1000"
    "debian13 igb dpdk-igb" "debian13 igb linux-igb" "debian13 e1000e linux-e1000e"
    "10.2.2 igb dpdk-igb" "10.2.2 igb linux-igb" "10.2.2 e1000e linux-e1000e"
    "10.2.2+dd-store-v2 igb dpdk-igb" "10.2.2+dd-store-v2 igb linux-igb" "10.2.2+dd-store-v2 e1000e linux-e1000e"
    "10.2.2+dd-store-v2 e1000 dpdk-em"
)
for cfg in "${configs[@]}"; do
    set -- $cfg
    q=$(qemu_of "$1")
    [ -n "$q" ] || continue
    "$BIN" vm --qemu "$q" --guest "$guest" --accel tcg --device "$2" --driver "$3" --widen=watchpoint \
        --duration "$WIDE_S" --json >"$tmp/w" 2>"$tmp/wh"
    rc=$?
    ver=$(str version "$tmp/w") wb=$(str writeback "$tmp/w")
    rx=$(num received "$tmp/w") dup=$(num dup "$tmp/w") bad=$(num bad "$tmp/w") hangs=$(num hangs "$tmp/w")
    first=$(num t_s "$tmp/w")
    s16=$(num stores_16 "$tmp/w") s2=$(num stores_second "$tmp/w")
    hits=$(num hits_ring "$tmp/w") holds=$(num holds "$tmp/w") used=$(num holds_used "$tmp/w")
    undone=$(num undone "$tmp/w") unheld=$(num undone_unheld "$tmp/w")
    why=$(grep -m 1 '^e1000_poc:\|^Verdict:' "$tmp/wh" | cut -c 1-160)
    events=$(( ${dup:-0} + ${bad:-0} + ${hangs:-0} ))
    echo "real_stack: widened $1 ($ver) $2 $3: exit $rc, events $events in ${rx:-0} frames, holds ${holds:-?} used ${used:-?} undone ${undone:-?}+${unheld:-?}"
    printf '{"what":"widened","qemu":"%s","version":"%s","device":"%s","driver":"%s","writeback":"%s","exit":%s,"first_event_s":%s,"received":%s,"events":%s,"stores_16":%s,"stores_second":%s,"hits_ring":%s,"holds":%s,"holds_used":%s,"undone":%s,"undone_unheld":%s,"verdict":"%s","load":"%s"}\n' \
        "$1" "$ver" "$2" "$3" "$wb" "$rc" "${first:-null}" "${rx:-0}" "$events" "${s16:-null}" "${s2:-null}" \
        "${hits:-null}" "${holds:-null}" "${used:-null}" "${undone:-null}" "${unheld:-null}" \
        "$(echo "$why" | sed 's/["\\]/ /g')" "$(load)" >>"$json"
done
render >"$md"
echo "real_stack: wrote $json and $md"
