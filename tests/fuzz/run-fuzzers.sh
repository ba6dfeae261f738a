#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# SPDX-FileCopyrightText: 2026 WeChatLogin developers
#
# Runs every libFuzzer target of a WECHATLOGIN_FUZZ build for SECONDS each, with
# AddressSanitizer and UBSan, on a scratch copy of the seed corpus. Fails on any finding.
#   tests/fuzz/run-fuzzers.sh <fuzz build dir> [seconds]
set -uo pipefail
build=${1:?usage: run-fuzzers.sh <fuzz build dir> [seconds]}
seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for target in callbackurl session jwt errorbody; do
    mkdir -p "$work/$target"
    cp "$here/corpus/$target/"* "$work/$target/"
    log="$work/$target.log"
    if "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$work/$target-" "$work/$target" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
        printf 'fuzz_%-12s ok: %s executions in %ss, %s exec/s, corpus %s inputs\n' \
            "$target" "$runs" "$seconds" "$rate" "$(ls "$work/$target" | wc -l)"
    else
        echo "fuzz_$target FOUND A PROBLEM:"
        tail -n 40 "$log"
        for artifact in "$work/$target"-*; do
            [ -e "$artifact" ] && echo "reproducer (base64): $(base64 -w0 "$artifact")"
        done
        status=1
    fi
done
exit $status
