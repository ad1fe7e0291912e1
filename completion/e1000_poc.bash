# SPDX-License-Identifier: GPL-2.0-or-later
# e1000_poc.bash - bash completion for e1000_poc. The commands, options and
# their choices are read from the binary's own --help when you press Tab,
# so they cannot drift from the program. Installed by `make install` as
# share/bash-completion/completions/e1000_poc.
#
# Bash splits the line into COMP_WORDS at the characters of COMP_WORDBREAKS,
# '=' among them by default, so `--copy=dou` arrives as "--copy" "=" "dou".
# The words are taken from the line itself instead (COMP_LINE up to
# COMP_POINT, split at blanks), and a reply replaces only what readline
# replaces: the text after the last word-break character.

# _e1000_poc_help CMD: the option lines of `e1000_poc CMD --help`, one
# "--name[=choice|choice] [ARG]" per line.
_e1000_poc_help()
{
    "$1" "$2" --help 2>/dev/null | sed -n 's/^  \(--[a-z][a-z0-9-]*[^ ]*\( [A-Z,]*\)\{0,1\}\).*/\1/p'
}

# _e1000_poc_commands BIN: the commands `e1000_poc --help` lists.
_e1000_poc_commands()
{
    "$1" --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\)  .*/\1/p'
}

_e1000_poc()
{
    local line=${COMP_LINE:0:COMP_POINT} words
    read -ra words <<<"$line"
    [[ $line == *[[:blank:]] || ${#words[@]} -eq 0 ]] && words+=("")
    local cword=$((${#words[@]} - 1))
    local bin=${words[0]} cur=${words[cword]} prev=""
    ((cword > 0)) && prev=${words[cword - 1]}
    local commands cmd=run i
    commands=$(_e1000_poc_commands "$bin")
    for ((i = 1; i < cword; i++)); do
        case " ${commands//$'\n'/ } " in *" ${words[i]} "*) cmd=${words[i]}; break ;; esac
    done
    local lines
    lines=$(_e1000_poc_help "$bin" "$cmd")

    # --name=<Tab>: the choices --help lists as --name=a|b|c.
    if [[ $cur == --*=* ]]; then
        local name=${cur%%=*} choices prefix=""
        choices=$(printf '%s\n' "$lines" | sed -n "s/^$name=\([^ ]*\).*/\1/p" | tr '|' ' ')
        # Readline replaces the text after '=' when '=' breaks words, the
        # whole word otherwise.
        [[ $COMP_WORDBREAKS == *=* ]] || prefix=$name=
        COMPREPLY=($(compgen -P "$prefix" -W "$choices" -- "${cur#*=}"))
        return
    fi
    # --name ARG: a file for FILE and DIR, nothing to offer otherwise.
    local arg=""
    [[ $prev == --[a-z]* ]] &&
        arg=$(printf '%s\n' "$lines" | sed -n "s/^$prev \([A-Z,]*\).*/\1/p")
    case $arg in
    FILE) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    DIR) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    ?*) COMPREPLY=(); return ;;
    esac
    if [[ $cur == -* ]]; then
        local opts
        opts=$(printf '%s\n' "$lines" | sed 's/ .*//; s/=.*/=/')
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
        return
    fi
    ((cword == 1)) && COMPREPLY=($(compgen -W "$commands" -- "$cur"))
}
complete -F _e1000_poc e1000_poc
