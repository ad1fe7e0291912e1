#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# completion.sh - the bash completion (completion/e1000_poc.bash) offers
# every command --help lists, every option of every command, and every
# choice of every choice option, also after '=' (`--copy=<Tab>`), where
# bash splits the word. Two ways: a driver that calls the completion
# function as bash does (COMP_LINE, COMP_POINT, and COMP_WORDS split at
# COMP_WORDBREAKS) for every case, and a real interactive bash under tmux
# pressing Tab for a few (skipped without tmux).
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
: "${COMPLETION:=completion/e1000_poc.bash}"
tmp=$(mktemp -d)
sock=e1000_poc_completion_$$
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
# The completion runs the command as typed: e1000_poc, found in PATH.
mkdir -p "$tmp/bin"
ln -s "$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")" "$tmp/bin/e1000_poc"
export PATH="$tmp/bin:$PATH" COMPLETION

# complete LINE: the words Tab would leave in place of the last one, one a
# line, sorted. As bash does: COMP_WORDS split at blanks and at each run of
# the other COMP_WORDBREAKS characters; readline replaces the text after
# the last of those characters in the word.
complete_line() {
    bash -c '
        . "$COMPLETION"
        COMP_LINE=$1 COMP_POINT=${#1}
        COMP_WORDS=() w="" brk="\"'"'"'@><=;|&(:"
        for ((i = 0; i < ${#1}; i++)); do
            c=${1:i:1}
            if [[ $c == [[:blank:]] ]]; then
                [ -n "$w" ] && COMP_WORDS+=("$w"); w=""
            elif [[ $brk == *"$c"* ]]; then
                [ -n "$w" ] && [[ $brk != *"${w: -1}"* ]] && { COMP_WORDS+=("$w"); w=""; }
                w+=$c
            else
                [ -n "$w" ] && [[ $brk == *"${w: -1}"* ]] && { COMP_WORDS+=("$w"); w=""; }
                w+=$c
            fi
        done
        COMP_WORDS+=("$w")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        last=${1##*[[:blank:]]} base=""
        [[ $last == *=* ]] && base=${last%=*}=
        _e1000_poc
        for r in "${COMPREPLY[@]}"; do printf "%s%s\n" "$base" "$r"; done | sort' _ "$1"
}

# What --help says: the commands, and each command's options.
"$BIN" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\)  .*/\1/p' >"$tmp/commands"
check "--help lists report among the commands" grep -qx report "$tmp/commands"
complete_line "e1000_poc " >"$tmp/got"
check "e1000_poc <Tab>: every command --help lists ($(xargs <"$tmp/commands"))" \
    cmp -s "$tmp/got" <(sort "$tmp/commands")
nopts=0 nchoices=0
while read -r cmd; do
    complete_line "e1000_poc ${cmd%?}" >"$tmp/got"
    check "e1000_poc ${cmd%?}<Tab>: $cmd" grep -qx "$cmd" "$tmp/got"
    "$BIN" "$cmd" --help | sed -n 's/^  \(--[a-z][a-z0-9-]*\)\([= ]\{0,1\}\)\([^ ]*\).*/\1 \2 \3/p' >"$tmp/opts"
    # Every option: --name= for a choice option, --name otherwise.
    awk '{ print $1 ($2 == "=" ? "=" : "") }' "$tmp/opts" | sort >"$tmp/want"
    complete_line "e1000_poc $cmd --" >"$tmp/got"
    check "e1000_poc $cmd --<Tab>: its $(wc -l <"$tmp/want") options" cmp -s "$tmp/got" "$tmp/want"
    nopts=$((nopts + $(wc -l <"$tmp/want")))
    while read -r opt sep list; do
        [ "$sep" = "=" ] || continue
        tr '|' '\n' <<<"$list" | sed "s/^/$opt=/" | sort >"$tmp/want"
        complete_line "e1000_poc $cmd $opt=" >"$tmp/got"
        check "e1000_poc $cmd $opt=<Tab>: $list" cmp -s "$tmp/got" "$tmp/want"
        # Each choice from its first letters after '=': offered, and only
        # choices that start with them.
        bad=""
        for c in ${list//|/ }; do
            complete_line "e1000_poc $cmd $opt=${c:0:2}" >"$tmp/got"
            grep -qx -- "$opt=$c" "$tmp/got" && ! grep -qv -- "^$opt=${c:0:2}" "$tmp/got" || bad="$bad $c"
        done
        check "e1000_poc $cmd $opt=XX<Tab>: each choice from its first two letters${bad:+ (not:$bad)}" test -z "$bad"
        nchoices=$((nchoices + 1))
    done <"$tmp/opts"
done <"$tmp/commands"
check "every command's options ($nopts) and choice options ($nchoices) were tried" \
    test "$nopts" -ge 40 -a "$nchoices" -ge 15
complete_line "e1000_poc probe --dur" >"$tmp/got"
check "a run option is not offered for probe" test ! -s "$tmp/got"
complete_line "e1000_poc explain --svg $tmp/bi" >"$tmp/got"
check "--svg FILE: file names" grep -qx "$tmp/bin" "$tmp/got"

# ---- a real bash, pressing Tab -------------------------------------------------
if ! command -v tmux >/dev/null; then
    skip "real bash under tmux" "tmux not installed"
    done_testing
    exit
fi
tmux -L "$sock" -f /dev/null new-session -d -x 200 -y 30 \
    "env -i HOME='$tmp' TERM=xterm PATH='$PATH' COMPLETION='$COMPLETION' bash --norc --noprofile"
tmux -L "$sock" send-keys -l ". \"\$COMPLETION\"; PS1='\$ '"
tmux -L "$sock" send-keys Enter
# tab LINE: type it, press Tab twice; the screen's last lines in $tmp/screen
# once they hold WANT (a busy host: up to 20 s), then clear the line.
tab() {
    local line=$1 want=$2 i
    tmux -L "$sock" send-keys -l "$line"
    tmux -L "$sock" send-keys Tab Tab
    for i in $(seq 200); do
        tmux -L "$sock" capture-pane -p >"$tmp/screen"
        grep -qF -- "$want" "$tmp/screen" && break
        sleep 0.1
    done
    tmux -L "$sock" send-keys C-a C-k C-l
    sleep 0.2
    grep -qF -- "$want" "$tmp/screen"
}
tab "e1000_poc run --copy=dou" "$ e1000_poc run --copy=double"
ok $? "real bash: e1000_poc run --copy=dou<Tab> completes to --copy=double"
tab "e1000_poc explain --memory=" "sc   tso"
ok $? "real bash: e1000_poc explain --memory=<Tab><Tab> lists sc and tso"
tab "true; e1000_poc repo" "$ true; e1000_poc report"
ok $? "real bash: e1000_poc repo<Tab> completes to report"
tab "e1000_poc matrix --pace=lo" "$ e1000_poc matrix --pace=lockstep"
ok $? "real bash: e1000_poc matrix --pace=lo<Tab> completes to lockstep"
done_testing
