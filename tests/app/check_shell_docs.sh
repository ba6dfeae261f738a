#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# SPDX-FileCopyrightText: 2026 WeChatLogin developers
#
# The shell completions and the man page of wechat-login:
# - `completion bash` completes verbs, per-verb options and --lang's values in a real bash;
# - the zsh and fish scripts parse (zsh -n, fish --no-execute);
# - `completion SHELL` prints exactly the file that is installed;
# - the man page renders without a groff warning and names every verb and every option
#   that --help lists.
#   check_shell_docs.sh <wechat-login> <source dir>
set -eu
app=$1
src=$2
fail() { echo "check_shell_docs: $*" >&2; exit 1; }

for shell in bash zsh fish; do
    case $shell in
        bash) file=wechat-login.bash ;; zsh) file=_wechat-login ;; fish) file=wechat-login.fish ;;
    esac
    "$app" completion $shell | cmp -s - "$src/resources/app/completion/$file" \
        || fail "completion $shell is not $file"
done

# bash: complete as a person would press Tab.
script=$(mktemp)
trap 'rm -f "$script"' EXIT
"$app" completion bash >"$script"
complete_line() { # words... -> COMPREPLY, space-separated
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _wechat_login; echo "${COMPREPLY[*]}"' \
        bash "$script" "$@"
}
[ "$(complete_line wechat-login to)" = token ] || fail "bash: 'to' does not complete to token"
[ "$(complete_line wechat-login doc)" = doctor ] || fail "bash: doc does not complete to doctor"
[ "$(complete_line wechat-login sign)" = "sign-in sign-out" ] || fail "bash: sign-in/sign-out"
[ "$(complete_line wechat-login token --m)" = --min-ttl ] || fail "bash: token --m"
[ "$(complete_line wechat-login --url https://x token --js)" = --json ] \
    || fail "bash: an option's value is not the verb"
[ "$(complete_line wechat-login sign-out --a)" = "--all --anon-key" ] || fail "bash: sign-out --a"
[ "$(complete_line wechat-login --lang '')" = "zh_CN en" ] || fail "bash: --lang values"
[ "$(complete_line wechat-login --proxy d)" = direct ] || fail "bash: --proxy values"
[ "$(complete_line wechat-login completion '')" = "bash zsh fish" ] || fail "bash: shells"
[ -z "$(complete_line wechat-login status --min)" ] || fail "bash: --min-ttl offered to status"

command -v zsh >/dev/null || fail "zsh is missing (./dev.sh test installs it)"
zsh -n "$src/resources/app/completion/_wechat-login" || fail "zsh: syntax"
command -v fish >/dev/null || fail "fish is missing (./dev.sh test installs it)"
fish --no-execute "$src/resources/app/completion/wechat-login.fish" || fail "fish: syntax"

# The man page: clean, and complete against --help.
man=$src/resources/app/wechat-login.1
warnings=$(groff -k -Tutf8 -man -z -ww "$man" 2>&1) || fail "groff failed"
[ -z "$warnings" ] || fail "groff: $warnings"
rendered=$(groff -k -Tutf8 -man "$man" 2>/dev/null | sed 's/.\x08//g')
for option in $("$app" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    case $option in --help-all) continue ;; esac
    echo "$rendered" | grep -q -- "$option" || fail "the man page does not document $option"
done
for verb in sign-in status token session watch sign-out doctor completion; do
    echo "$rendered" | grep -q "^       $verb" || fail "the man page does not describe $verb"
    "$app" --help | grep -q "  $verb" || fail "--help does not list $verb"
done
echo "completions and man page: ok"
