#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# examples.sh - every output example in the README and docs/ comes from a
# real run. A line
#     <!-- example: ARGS -->
# right before a fenced block says that the block is what `./e1000_poc ARGS`
# prints (stdout and stderr, as a terminal shows them). A marker ending in
# " (shape)" is a live run whose counts and even event lines vary: only its
# line structure is checked (docs/testing.md gives the rules).
#
#   docs/examples.sh update [FILE...]   run each example, write its output into the block
#   docs/examples.sh check [FILE...]    run each example, compare with the block after
#                                       masking what differs between hosts and runs;
#                                       prints TAP (tests/docs.sh)
#   docs/examples.sh list [FILE...]     FILE:LINE<TAB>ARGS of every example
# Default FILEs: README.md and docs/*.md. Environment: BIN (default ./e1000_poc).
cd "$(dirname "$0")/.." || exit 1
: "${BIN:=./e1000_poc}"
mode=${1:-}
shift
[ $# -gt 0 ] || set -- README.md docs/*.md
case $mode in update | check | list) ;; *)
    echo "usage: docs/examples.sh update|check|list [FILE...]" >&2
    exit 2 ;;
esac

MARKER='^<!-- example: (.*) -->$'

# run_example ARGS: the output of one example, stdout and stderr merged as a
# terminal shows them (stdout is line-buffered, so lines keep their order).
run_example() {
    local -a args
    eval "args=($1)"
    timeout 120 "$BIN" "${args[@]}" 2>&1
}

# mask KIND: what differs between hosts and runs, replaced by a word.
# KIND explain keeps the counts (its traces are deterministic) and masks
# times only; every other command's numbers are the host's measurements.
mask() {
    local kind=$1
    sed -E \
        -e 's/^(  CPUs    .*)\([^()]*\)$/\1(CPU)/' \
        -e 's/^(  CPU +).*/\1CPU/' \
        -e 's/"(cpu|cpu_model)":"[^"]*"/"\1":"CPU"/g' \
        -e 's/__mem(cpy|move)_[a-z0-9_]+/__memcpy_VARIANT/g' \
        -e 's#(/usr/lib/debug)?/\.build-id/[0-9a-f]+/[0-9a-f]+\.debug#DEBUGFILE#g' \
        -e 's/glibc [0-9]+\.[0-9]+/glibc VERSION/g' \
        -e 's/(UNEXPECTED ADDR: last) [0-9a-f]+ current [0-9a-f]+/\1 ADDR current ADDR/' \
        -e 's/\(buffer [0-9a-f]+\)/(buffer ADDR)/' \
        -e 's/0x[0-9a-f]+/0xADDR/g' \
        -e 's/[0-9]+(\.[0-9]+)? (ms|s|us|µs)\b/TIME/g' \
        -e 's/[0-9]+(\.[0-9]+)? ?[kM]?\/s\b/RATE/g' |
        if [ "$kind" = explain ]; then cat; else
            sed -E -e 's/[0-9]+(\.[0-9]+)?(e[+-][0-9]+)?/N/g'
        fi |
        sed -E -e 's/ +/ /g' -e 's/ $//'
}

# shape: the line structure of the report only: each line's first word
# (indented lines keep their indent), consecutive repeats as one, without
# the lines a live run prints as events happen (the seed's DPDK:, Qemu:,
# RX COUNT: and --vlog lines, "(further ...", the hang's own summary line,
# and the Warning: a busy host earns when a thread got less CPU than it
# should): whether and how often the race shows in one run, and how loaded
# the host was, are the host's business.
shape() {
    grep -Ev '^(DPDK: |Qemu: |RX COUNT: |\[[0-9]|\(further | +the hang: |Warning: )' |
        sed -E -e 's/^( *)([^ ]*).*/\1\2/' | uniq
}

kind_of() { # the subcommand an example runs: explain or anything else
    case " $1 " in *" explain "*) echo explain ;; *) echo live ;; esac
}

n=0 failed=0
for file in "$@"; do
    [ -f "$file" ] || continue
    mapfile -t lines <"$file"
    out=() changed=0 i=0
    while [ $i -lt ${#lines[@]} ]; do
        line=${lines[$i]}
        out+=("$line")
        i=$((i + 1))
        [[ $line =~ $MARKER ]] || continue
        args=${BASH_REMATCH[1]} shape_only=0
        if [[ $args == *" (shape)" ]]; then
            shape_only=1
            args=${args% (shape)}
        fi
        if [[ ${lines[$i]:-} != '```'* ]]; then
            echo "$file:$i: an example marker must be followed by a fenced block" >&2
            failed=$((failed + 1))
            continue
        fi
        out+=("${lines[$i]}")
        start=$((i + 1))
        end=$start
        while [ $end -lt ${#lines[@]} ] && [[ ${lines[$end]} != '```' ]]; do end=$((end + 1)); done
        if [ "$mode" = list ]; then
            printf '%s:%d\t%s\n' "$file" "$i" "$args${shape_only:+}"
            i=$start
            continue
        fi
        fresh=$(run_example "$args")
        # A host whose hardware breakpoints are refused, or granted but
        # silent, cannot run a watchpoint example: said, not failed.
        if [ "$mode" = check ] && [[ " $args " == *" --widen=watchpoint "* ]] &&
            grep -q "cannot test --widen=watchpoint here" <<<"$fresh"; then
            n=$((n + 1))
            echo "ok $n - $file:$i: $args # SKIP hardware breakpoints refused or silent on this host"
            i=$end
            continue
        fi
        if [ "$mode" = update ]; then
            mapfile -t fresh_lines <<<"$fresh"
            out+=("${fresh_lines[@]}")
            changed=1
            echo "$file:$i: $args" >&2
        else
            old=$(printf '%s\n' "${lines[@]:start:end-start}")
            kind=$(kind_of "$args")
            a=$(printf '%s\n' "$old" | mask "$kind") b=$(printf '%s\n' "$fresh" | mask "$kind")
            if [ $shape_only = 1 ]; then
                a=$(printf '%s\n' "$a" | shape) b=$(printf '%s\n' "$fresh" | mask "$kind" | shape)
            fi
            n=$((n + 1))
            if [ "$a" = "$b" ]; then
                echo "ok $n - $file:$i: $args$([ $shape_only = 1 ] && echo ' (shape)')"
            else
                echo "not ok $n - $file:$i: $args$([ $shape_only = 1 ] && echo ' (shape)')"
                diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | head -n 20 | sed 's/^/# /'
                failed=$((failed + 1))
            fi
            # Keep the original block in the output (check writes nothing).
            out+=("${lines[@]:start:end-start}")
        fi
        [ "$mode" = update ] || out+=()
        i=$end
    done
    if [ "$mode" = update ] && [ $changed = 1 ]; then
        printf '%s\n' "${out[@]}" >"$file.tmp" && mv "$file.tmp" "$file"
    fi
done
[ "$mode" = check ] && echo "1..$n"
[ $failed -eq 0 ]
