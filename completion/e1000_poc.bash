# SPDX-License-Identifier: GPL-2.0-or-later
# e1000_poc.bash - bash completion for e1000_poc. The commands, options and
# their choices are read from the binary's own --help when you press Tab,
# so they cannot drift from the program. Installed by `make install` as
# share/bash-completion/completions/e1000_poc.

# _e1000_poc_help CMD: the option lines of `e1000_poc CMD --help`, one
# "--name[=choice|choice] [ARG]" per line.
_e1000_poc_help()
{
    "${COMP_WORDS[0]}" "$1" --help 2>/dev/null | sed -n 's/^  \(--[a-z][a-z-]*[^ ]*\( [A-Z,]*\)\{0,1\}\).*/\1/p'
}

_e1000_poc()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local commands="run explain probe matrix report vm" cmd=run i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case " $commands " in *" ${COMP_WORDS[i]} "*) cmd=${COMP_WORDS[i]}; break ;; esac
    done
    local lines
    lines=$(_e1000_poc_help "$cmd")

    # --name=<Tab>: the choices --help lists as --name=a|b|c.
    if [[ $cur == --*=* ]]; then
        local name=${cur%%=*} choices
        choices=$(printf '%s\n' "$lines" | sed -n "s/^$name=\([^ ]*\).*/\1/p" | tr '|' ' ')
        COMPREPLY=($(compgen -P "$name=" -W "$choices" -- "${cur#*=}"))
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
    [ "$COMP_CWORD" -eq 1 ] && COMPREPLY=($(compgen -W "$commands" -- "$cur"))
}
complete -F _e1000_poc e1000_poc
