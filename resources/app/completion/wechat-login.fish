# fish completion for wechat-login
# SPDX-License-Identifier: BSD-3-Clause
# Installed as share/fish/vendor_completions.d/wechat-login.fish;
# or: wechat-login completion fish | source

set -l verbs sign-in status token session watch sign-out doctor completion
complete -c wechat-login -f
complete -c wechat-login -n "not __fish_seen_subcommand_from $verbs" -a sign-in -d 'Open the sign-in dialog'
complete -c wechat-login -n "not __fish_seen_subcommand_from $verbs" -a status -d 'Who is signed in and until when'
complete -c wechat-login -n "not __fish_seen_subcommand_from $verbs" -a token -d 'Print a valid access token'
complete -c wechat-login -n "not __fish_seen_subcommand_from $verbs" -a session -d 'Print the stored session as JSON'
complete -c wechat-login -n "not __fish_seen_subcommand_from $verbs" -a watch -d 'One line per session event until interrupted'
complete -c wechat-login -n "not __fish_seen_subcommand_from $verbs" -a sign-out -d 'Sign out here, or everywhere with --all'
complete -c wechat-login -n "not __fish_seen_subcommand_from $verbs" -a doctor -d 'Check the set-up and say what to fix'
complete -c wechat-login -n "not __fish_seen_subcommand_from $verbs" -a completion -d 'Print a shell completion script'
complete -c wechat-login -l url -r -d 'Project URL (https://<ref>.baseapi.memfiredb.com)'
complete -c wechat-login -l anon-key -r -d 'The project anon key'
complete -c wechat-login -l redirect-to -r -d 'Redirect URL in the allow list'
complete -c wechat-login -l provider -r -a wechat_qr -d 'OAuth provider'
complete -c wechat-login -l trust-host -r -d 'Another host the login page may use'
complete -c wechat-login -l lang -r -a 'zh_CN en' -d 'User interface language'
complete -c wechat-login -l proxy -r -a 'direct system' -d 'Proxy: http://HOST:PORT, socks5://HOST:PORT, direct or system'
complete -c wechat-login -l ca-file -r -F -d 'More CA certificates to trust (PEM)'
complete -c wechat-login -l timeout -r -d 'Give up after this many seconds'
complete -c wechat-login -l auto-confirm-ms -r -d 'Sandbox: confirm each QR after N ms'
complete -c wechat-login -l help -d 'Show help'
complete -c wechat-login -l version -d 'Show the version'
complete -c wechat-login -n '__fish_seen_subcommand_from status session token watch doctor' -l json -d 'One JSON document'
complete -c wechat-login -n '__fish_seen_subcommand_from token' -l min-ttl -r -d 'Refresh first when less is left'
complete -c wechat-login -n '__fish_seen_subcommand_from sign-out' -l all -d 'Sign out on every device'
complete -c wechat-login -n '__fish_seen_subcommand_from sign-in' -l browser -d 'Sign in in your own browser'
complete -c wechat-login -n '__fish_seen_subcommand_from sign-in' -l no-open -d 'Only print the address to open'
complete -c wechat-login -n '__fish_seen_subcommand_from sign-in' -l terminal -d 'Draw the QR code in this terminal'
complete -c wechat-login -n '__fish_seen_subcommand_from sign-in' -l window -d 'The dialog, even without a display'
complete -c wechat-login -n '__fish_seen_subcommand_from sign-in' -l qr-style -x -a 'half blocks ascii' -d 'How the QR code is drawn'
complete -c wechat-login -n '__fish_seen_subcommand_from sign-in' -l json -d 'One JSON document per event (--terminal)'
complete -c wechat-login -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'
