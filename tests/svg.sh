#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# svg.sh - the pictures: explain --svg (the sequence diagram), matrix --svg
# (the heat map), make bench's histogram, and report --html. Each is
# well-formed (xmllint), renders to a non-blank PNG (rsvg-convert; the
# page: a headless Chromium, with no console error), is self-contained (no
# script, no link, no external font), and says what the text says: one
# numbered step per trace step, the damage and the violations marked, one
# cell per table row. Deterministic where it should be: the same token
# draws the same bytes. Tools that are absent (tests/packages.txt) make
# their tests SKIP.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
: "${BUILD:=build}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

have() { command -v "$1" >/dev/null 2>&1; }

# well_formed NAME FILE: an xmllint check, or a SKIP.
well_formed() {
    if have xmllint; then
        check "$1: well-formed XML" xmllint --noout "$2"
    else
        skip "$1: well-formed XML" "xmllint not installed (libxml2-utils)"
    fi
}

# self_contained NAME FILE: no script, no link or external resource.
self_contained() {
    check "$1: self-contained (no script, link, external font or image)" \
        sh -c "! grep -Eqi '<script|href=|src=|@import|@font-face|url\\(' '$2' &&
               ! grep -v 'xmlns=\"http://www.w3.org/2000/svg\"' '$2' | grep -qi 'https\\?:'"
}

# renders NAME SVG: rsvg-convert makes a PNG that is not blank: much larger
# than a blank picture of the same size rendered the same way.
renders() {
    if ! have rsvg-convert; then
        skip "$1: renders to a non-blank PNG" "rsvg-convert not installed (librsvg2-bin)"
        return
    fi
    local w h
    w=$(sed -n 's/.*<svg [^>]*width="\([0-9.]*\)".*/\1/p' "$2" | head -n 1)
    h=$(sed -n 's/.*<svg [^>]*height="\([0-9.]*\)".*/\1/p' "$2" | head -n 1)
    printf '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s"><rect width="%s" height="%s" style="fill:#fff"/></svg>\n' \
        "$w" "$h" "$w" "$h" >"$tmp/blank.svg"
    rsvg-convert -o "$tmp/blank.png" "$tmp/blank.svg" 2>/dev/null
    if ! rsvg-convert -o "$tmp/render.png" "$2" 2>"$tmp/render.err"; then
        ok 1 "$1: renders to a non-blank PNG: $(head -n 1 "$tmp/render.err")"
        return
    fi
    local size blank
    size=$(wc -c <"$tmp/render.png")
    blank=$(wc -c <"$tmp/blank.png")
    diag "$1: ${w}x${h} px, PNG $size bytes (blank: $blank)"
    ok $((size <= 5 * blank)) "$1: renders to a non-blank PNG"
}

# refused NAME COMMAND...: exit 2, one line on stderr, nothing on stdout.
refused() {
    local name=$1 rc=0
    shift
    "$@" >"$tmp/r.out" 2>"$tmp/r.err" || rc=$?
    ok $((rc != 2 || $(wc -l <"$tmp/r.err") != 1)) "$name: exit 2, one line: $(cat "$tmp/r.err")"
    check "  ... and nothing on stdout" test ! -s "$tmp/r.out"
}

# ---- explain --svg --------------------------------------------------------

for args in "--copy=double" "--device=igb" "--memory=tso --copy=double" \
    "--device=e1000e --driver=linux-e1000e"; do
    name="explain $args --svg"
    rc=0; "$BIN" explain $args --svg "$tmp/x.svg" >"$tmp/x.txt" 2>"$tmp/x.err" || rc=$?
    ok $((rc != 1)) "$name: exit 1, a violation found"
    "$BIN" explain $args | grep -v '^  search' >"$tmp/plain.txt"
    check "$name: stdout as without --svg" sh -c "grep -v '^  search' '$tmp/x.txt' | cmp -s - '$tmp/plain.txt'"
    well_formed "$name" "$tmp/x.svg"
    self_contained "$name" "$tmp/x.svg"
    steps=$(sed -n 's/^Interleaving: .*, \([0-9]*\) steps\.$/\1/p' "$tmp/x.txt")
    sed -n 's/.*class="stepno"[^>]*>\([0-9]*\)<.*/\1/p' "$tmp/x.svg" >"$tmp/numbers"
    check "$name: one numbered step per trace step, 1..$steps in order" \
        sh -c "[ -n '$steps' ] && seq 1 '$steps' | cmp -s - '$tmp/numbers'"
    marks=$(grep -c '^       !! ' "$tmp/x.txt")
    drawn=$(grep -c '>!! ' "$tmp/x.svg")
    ok $((marks == 0 || marks != drawn)) "$name: each of the text's $marks !! lines is drawn ($drawn)"
    check "$name: the store that undoes the driver's write is marked" \
        grep -q '<g class="damage">' "$tmp/x.svg"
    check "$name: the violations are marked" grep -q '<g class="violation">' "$tmp/x.svg"
    check "$name: the verdict is written under it" \
        grep -q '>Verdict: VIOLATION' "$tmp/x.svg"
    renders "$name" "$tmp/x.svg"
done

# Same token, same bytes: a search and the replay of its token.
"$BIN" explain --copy=double --svg "$tmp/a.svg" >"$tmp/a.txt"
"$BIN" explain --copy=double --svg "$tmp/a2.svg" >/dev/null
token=$(sed -n 's/^Replay: e1000_poc explain --replay //p' "$tmp/a.txt")
rc=0; "$BIN" explain --replay "$token" --svg "$tmp/b.svg" >"$tmp/b.txt" || rc=$?
ok $((rc != 1)) "explain --replay TOKEN --svg: exit 1"
check "deterministic: explain --svg twice, the same bytes" cmp -s "$tmp/a.svg" "$tmp/a2.svg"
check "the same token draws the same bytes (search, then --replay)" cmp -s "$tmp/a.svg" "$tmp/b.svg"
check "the picture names its token" grep -q "replay  $token<" "$tmp/a.svg"

# No violation within the bounds: a picture that says what was covered.
rc=0; "$BIN" explain --qemu-fix=upstream --copy=double --svg "$tmp/none.svg" >"$tmp/none.txt" || rc=$?
ok $((rc != 0)) "explain --qemu-fix=upstream --copy=double --svg: exit 0"
well_formed "no violation" "$tmp/none.svg"
check "no violation: the picture says so" grep -q '>No violation within these bounds' "$tmp/none.svg"

mkdir "$tmp/out"
"$BIN" explain --copy=double --svg "$tmp/out/p.svg" >/dev/null
check "no temporary file is left beside the picture" sh -c "[ \"\$(ls -A '$tmp/out')\" = p.svg ]"
echo keep >"$tmp/out/keep.svg"
refused "explain --svg into a missing folder" "$BIN" explain --svg "$tmp/missing/x.svg"
refused "explain --svg onto a folder" "$BIN" explain --svg "$tmp/out"
refused "explain --all --svg" "$BIN" explain --all --svg "$tmp/out/all.svg"
refused "explain --svg with a bad option after it" "$BIN" explain --svg "$tmp/out/keep.svg" --ring 1
check "  ... and the file named is untouched" grep -qx keep "$tmp/out/keep.svg"

# ---- matrix --svg ---------------------------------------------------------

rc=0; "$BIN" matrix --device=igb --each 0.02 --svg "$tmp/m.svg" >"$tmp/m.txt" 2>&1 || rc=$?
ok $((rc != 0)) "matrix --device=igb --each 0.02 --svg: exit 0"
well_formed "matrix --svg" "$tmp/m.svg"
self_contained "matrix --svg" "$tmp/m.svg"
rows=$(grep -Ec '^igb +dpdk-igb ' "$tmp/m.txt")
cells=$(grep -c '<g class="heat-' "$tmp/m.svg")
ok $((rows == 0 || rows != cells)) "matrix --svg: one cell per table row ($rows rows, $cells cells)"
some=$(grep -Ec '^igb .* Sometimes ' "$tmp/m.txt")
drawn=$(grep -c '<g class="heat-sometimes">' "$tmp/m.svg")
ok $((some != drawn)) "matrix --svg: the Sometimes cells are the table's ($some)"
renders "matrix --svg" "$tmp/m.svg"
# Refused before the first cell: a cell of --each 60 would outlast the
# timeout, and its row would be on stdout.
refused "matrix --svg into a missing folder, before the first cell" \
    timeout 30 "$BIN" matrix --each 60 --svg "$tmp/missing/m.svg"

# ---- make bench's histogram ------------------------------------------------

hist=$BUILD/bench/histogram
if [ -x "$hist" ]; then
    # A fixture in the shape live_bench writes: two paces, one race, nulls
    # for runs that saw nothing, and a rate that is no first event.
    cat >"$tmp/live.json" <<'JSON'
{
  "cpu_model": "Fixture CPU <test> & co",
  "libc": "glibc 2.36",
  "free": {"first_stale_s": {"runs": 4, "samples": [0.000002, 0.00003, 0.00004, null]},
           "hang_s": {"samples": [0.1]}},
  "lockstep": {"first_stale_s": {"runs": 3, "samples": [0.001, 0.0011, 0.5]}},
  "status_word_race_upstream_libc": {
    "igb_dpdk_igb": {"first_event_s": {"samples": [null, null]},
                     "double_per_million_free": {"samples": [12.5]}}
  }
}
JSON
    rc=0; "$hist" "$tmp/live.json" "$tmp/h.svg" >/dev/null 2>"$tmp/h.err" || rc=$?
    ok $rc "histogram: exit 0 on live_bench's JSON"
    well_formed "histogram" "$tmp/h.svg"
    self_contained "histogram" "$tmp/h.svg"
    check "histogram: one panel per first-event series (3), none for the others" \
        sh -c "[ \$(grep -c '<g class=\"panel\">' '$tmp/h.svg') -eq 3 ]"
    check "histogram: runs and runs without an event counted" \
        grep -q '>free: first stale: 4 runs, 1 with no event<' "$tmp/h.svg"
    # 2 us, 30 us and 40 us: bins of a quarter decade from 1 us -> 3 bars.
    check "histogram: one bar per non-empty bin (free: 3 bins)" \
        sh -c "sed -n '/free: first stale/,/<\\/g>/p' '$tmp/h.svg' | grep -c 'class=\"bar\"' | grep -qx 3"
    check "histogram: the CPU named, escaped" grep -q 'Fixture CPU &lt;test&gt; &amp; co' "$tmp/h.svg"
    "$hist" "$tmp/live.json" "$tmp/h2.svg" >/dev/null
    check "histogram: the same JSON, the same bytes" cmp -s "$tmp/h.svg" "$tmp/h2.svg"
    renders "histogram" "$tmp/h.svg"
    echo '{"free": {"hang_s": {}}' >"$tmp/bad.json"
    rc=0; "$hist" "$tmp/bad.json" "$tmp/h3.svg" >/dev/null 2>&1 || rc=$?
    ok $((rc != 2)) "histogram: a JSON it cannot read: exit 2"
    check "  ... and no picture" test ! -e "$tmp/h3.svg"
else
    skip "histogram" "$hist not built (make $hist)"
fi

# ---- report --html -----------------------------------------------------------

refused "report without --html" "$BIN" report
refused "report --html into a missing folder" "$BIN" report --html "$tmp/missing/r.html"
refused "report --duration 60" "$BIN" report --html "$tmp/r.html" --duration 60
start=$(date +%s)
rc=0; "$BIN" report --html "$tmp/r.html" --duration 1 >"$tmp/r.txt" 2>"$tmp/r.err" || rc=$?
secs=$(($(date +%s) - start))
diag "report --html took $secs s here (a loaded machine: not a measurement)"
ok $((rc != 0)) "report --html: exit 0"
check "report --html: says where it wrote" grep -q "wrote $tmp/r.html" "$tmp/r.txt"
self_contained "report --html" "$tmp/r.html"
check "report --html: every part is there" sh -c "for s in 'Probe:' 'Run:' 'Explain:' 'Matrix:'; do
    grep -q \"<h2>\$s\" '$tmp/r.html' || exit 1; done"
# Each part's exit status in its own command's words: matrix's 0 says only
# that every cell ran (its red Sometimes cells are no "not reproduced").
check "report --html: matrix's status says every cell ran" \
    grep -q '^<p class="status">exit status 0: every cell ran (the table is the result, whatever it shows)</p>$' "$tmp/r.html"
check "report --html: probe's and explain's statuses in their words, no catch-all" \
    sh -c "grep -Eq '^<p class=\"status\">exit status (0: not exposed|1: exposed|125: cannot test here)</p>\$' '$tmp/r.html' &&
           grep -Eq '^<p class=\"status\">exit status (0: no violation within the bounds|1: violation found)</p>\$' '$tmp/r.html' &&
           ! grep -q 'not reproduced / not exposed' '$tmp/r.html'"
check "report --html: the pictures inline (sequence diagram, heat map)" \
    sh -c "[ \$(grep -c '^<svg ' '$tmp/r.html') -ge 2 ] && ! grep -q '<?xml' '$tmp/r.html'"
# The outputs hold no markup: inside <pre>, no '<' but the tags' own.
check "report --html: the outputs escaped (no raw '<' inside pre)" \
    sh -c "awk '/<pre>/{p=1} p{print} /<\\/pre>/{p=0}' '$tmp/r.html' |
           sed 's/<pre>//; s/<\\/pre>//' | grep -q '<' && exit 1;
           grep -q '&gt;\\|&lt;\\|&#39;' '$tmp/r.html'"
check "report --html: no temporary folder left" \
    sh -c "! ls -d \"\${TMPDIR:-/tmp}\"/e1000_poc-report.* 2>/dev/null | grep -q ."
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$browser" ]; then
    shot() { # shot PAGE PNG: a headless screenshot; its log in PNG.log
        local profile
        profile=$(mktemp -d)
        timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$profile" --enable-logging=stderr --v=0 --window-size=1400,2000 \
            --screenshot="$2" "file://$1" >/dev/null 2>"$2.log"
        rm -rf "$profile"
    }
    printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n' >"$tmp/blank.html"
    shot "$tmp/r.html" "$tmp/page.png"
    shot "$tmp/blank.html" "$tmp/blank-page.png"
    if [ -s "$tmp/page.png" ] && [ -s "$tmp/blank-page.png" ]; then
        size=$(wc -c <"$tmp/page.png")
        blank=$(wc -c <"$tmp/blank-page.png")
        diag "screenshot: PNG $size bytes (a blank page: $blank)"
        ok $((size <= 10 * blank)) "report --html renders in headless Chromium (not blank)"
        check "report --html: no console message (error, warning, log) in Chromium" \
            sh -c "! grep -q ':CONSOLE' '$tmp/page.png.log'"
    else
        ok 1 "report --html: Chromium took no screenshot: $(grep -v dbus "$tmp/page.png.log" | tail -n 2)"
    fi
else
    skip "report --html renders in headless Chromium" "chromium not installed"
fi

done_testing
