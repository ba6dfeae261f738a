# bash completion for wechat-login                                  -*- shell-script -*-
# SPDX-License-Identifier: BSD-3-Clause
# Installed as share/bash-completion/completions/wechat-login; or: source <(wechat-login completion bash)

_wechat_login()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local verbs="sign-in status token session watch sign-out doctor completion"
    local common="--url --anon-key --redirect-to --provider --trust-host --lang --proxy --ca-file --timeout --help --version"

    case $prev in
        --lang)
            COMPREPLY=($(compgen -W "zh_CN en" -- "$cur"))
            return ;;
        --proxy)
            COMPREPLY=($(compgen -W "direct system http:// socks5://" -- "$cur"))
            return ;;
        --ca-file)
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        --url | --anon-key | --redirect-to | --provider | --trust-host | --timeout | --min-ttl | --auto-confirm-ms)
            return ;;
    esac

    local verb="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --url | --anon-key | --redirect-to | --provider | --trust-host | --lang | --proxy | --ca-file | --timeout | --min-ttl | --auto-confirm-ms)
                ((i++)) ;;
            -*) ;;
            *) verb=${words[i]}; break ;;
        esac
    done

    if [[ -z $verb ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$common --auto-confirm-ms" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$verbs" -- "$cur"))
        fi
        return
    fi

    if [[ $prev == --qr-style ]]; then
        COMPREPLY=($(compgen -W "half blocks ascii" -- "$cur"))
        return
    fi
    local extra=""
    case $verb in
        status | session | watch | doctor) extra="--json" ;;
        token) extra="--json --min-ttl" ;;
        sign-out) extra="--all" ;;
        sign-in) extra="--browser --no-open --terminal --window --qr-style --json" ;;
        completion)
            COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"))
            return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$extra $common" -- "$cur"))
    fi
}
complete -F _wechat_login wechat-login
