#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# loaded.bash - run a command while CPU hogs keep the CPUs busy, as other
# work does on a shared host: `make check-loaded` runs the tests so (they
# must pass on a loaded 2-core host). Not a test itself: run.sh runs
# tests/*.sh only.
#   tests/loaded.bash COMMAND...
# Environment: HOGS (how many hogs, default 2), HOG_LIMIT (seconds: each
# hog and the command stop after it at most, default 3600).
# Each hog is a busy loop under `timeout`, so it ends even if this script is
# killed; when the command ends, or a signal stops this script (which
# passes the signal on to the command), the hogs are stopped by their PIDs.
set -u
hogs=${HOGS:-2} limit=${HOG_LIMIT:-3600}
pids=() cmd=""
stop_hogs() {
    [ "${#pids[@]}" -eq 0 ] && return
    kill "${pids[@]}" 2>/dev/null
    wait "${pids[@]}" 2>/dev/null
    pids=()
}
stop() { # stop SIGNAL STATUS: pass the signal on, wait for the command, exit
    trap - INT TERM HUP
    [ -n "$cmd" ] && kill -"$1" "$cmd" 2>/dev/null && wait "$cmd" 2>/dev/null
    exit "$2"
}
trap stop_hogs EXIT
trap 'stop INT 130' INT
trap 'stop TERM 143' TERM
trap 'stop HUP 129' HUP
for ((i = 0; i < hogs; i++)); do
    timeout "$limit" sh -c 'while :; do :; done' &
    pids+=("$!")
done
echo "# loaded: $hogs CPU hogs (PIDs ${pids[*]}) on $(nproc) CPUs, $limit s at most"
# In the background, so that a signal reaches the trap at once (timeout
# runs the command in a process group of its own).
timeout "$limit" "$@" &
cmd=$!
wait "$cmd"
