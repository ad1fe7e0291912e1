#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/table.sh - the live performance table, one row per host that ran
# `make bench` (bench/results/<host>/row.md, written by live_bench). A
# figure belongs to its host: no row stands for another machine.
cd "$(dirname "$0")/.." || exit 1
echo "| host (CPU vendor) | C library | kernel | lockstep: first stale address, median (seen/runs) | default run, 1 s: first event, median (reproduced/runs) | --continue: ring hangs per second, median | --widen=watchpoint: first event, median | least CPU share a thread got | cache line round trip between the CPUs |"
echo "|---|---|---|---|---|---|---|---|---|"
for r in bench/results/*/row.md; do
    [ -f "$r" ] && cat "$r"
done
# The same window without the model (bench/two_stores.c): how often the
# CPU itself lets a re-arm land between the C library's two stores.
echo
echo "| host (CPU vendor) | C library | cache line round trip, median | handshake: overwritten re-arms | free: overwritten re-arms | handshake bound | one-store control |"
echo "|---|---|---|---|---|---|---|"
for r in bench/results/*/two_stores_row.md; do
    [ -f "$r" ] && cat "$r"
done
