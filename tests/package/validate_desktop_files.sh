#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# desktop-file-validate (required) and appstreamcli validate (when installed).
set -eu
dir=$1
command -v desktop-file-validate >/dev/null || { echo "desktop-file-validate is missing: install desktop-file-utils" >&2; exit 1; }
out=$(desktop-file-validate "$dir/io.github.wechatlogin.WeChatLogin.desktop")
[ -z "$out" ] || { echo "$out" >&2; exit 1; }
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$dir/io.github.wechatlogin.WeChatLogin.metainfo.xml"
else
    echo "appstreamcli not installed: metainfo not validated"
fi
