#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# SPDX-FileCopyrightText: 2026 WeChatLogin developers
#
# A QA engineer runs the keychain tests in their own desktop session, not through
# tests/with-keyring: by ctest, and a test binary by hand. Their login keyring (its own
# password, an item of theirs) must come out as it went in: unlocked, the same daemon, the
# same items, nothing of ours in it (was: left locked, every later keychain test failing).
# Then the same session as a wrapped run's shared one (./dev.sh test wraps ctest in
# tests/with-keyring): a test that left it locked (as a keyring restart in tst_soak once did)
# must not fail the next test, which runs in a fresh keyring of its own (was: tst_app,
# tst_verbsjson and tst_doctor failing with "the keychain's default collection is locked").
#   check_foreign_keyring.sh <build dir> <test binary>
set -eu
build=$1
binary=$2
data=$(mktemp -d "${TMPDIR:-/tmp}/wechatlogin-person.XXXXXX")
trap 'rm -rf "$data"' EXIT INT TERM
export XDG_DATA_HOME="$data"
unset WECHATLOGIN_TEST_KEYRING
dbus-run-session -- sh -c '
    set -eu
    build=$1 binary=$2 data=$3
    mkdir -m 700 "$data/runtime" # the daemon'"'"'s control socket, not in ~/.cache
    echo -n the-persons-password | XDG_RUNTIME_DIR="$data/runtime" \
        gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    echo -n mine | secret-tool store --label="the person'"'"'s" app person-owned key 1
    login=/org/freedesktop/secrets/collection/login
    state() {
        gdbus call --session --dest org.freedesktop.secrets --object-path "$login" \
            --method org.freedesktop.DBus.Properties.Get org.freedesktop.Secret.Collection "$1"
    }
    owner() {
        gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
            --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets
    }
    items_before=$(state Items)
    daemon_before=$(owner)
    [ "$(state Locked)" = "(<false>,)" ] || { echo "the person keyring is not set up"; exit 1; }
    ctest --test-dir "$build" -R "^tst_sessionstore\$" --output-on-failure \
        >"$data/ctest.log" 2>&1 || { cat "$data/ctest.log"; echo "ctest failed"; exit 1; }
    grep -q "1 tests passed\|100% tests passed" "$data/ctest.log" || { cat "$data/ctest.log"; exit 1; }
    "$binary" >"$data/direct.log" 2>&1 || { cat "$data/direct.log"; echo "the test by hand failed"; exit 1; }
    grep -q "running in a private keyring of its own" "$data/direct.log" \
        || { cat "$data/direct.log"; echo "the test by hand did not start its own keyring"; exit 1; }
    fail=0
    [ "$(state Locked)" = "(<false>,)" ] || { echo "FAIL: the person login keyring was left locked"; fail=1; }
    [ "$(owner)" = "$daemon_before" ] || { echo "FAIL: the person keyring daemon was replaced"; fail=1; }
    [ "$(state Items)" = "$items_before" ] || { echo "FAIL: items were added to or removed from the person keyring"; fail=1; }
    [ "$(secret-tool lookup app person-owned key 1)" = mine ] || { echo "FAIL: the person item changed"; fail=1; }
    [ $fail -eq 0 ] && echo "the person keyring: unlocked, the same daemon, the same items"
    [ $fail -eq 0 ] || exit $fail

    gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
        --method org.freedesktop.Secret.Service.Lock "[\"$login\"]" >/dev/null
    [ "$(state Locked)" = "(<true>,)" ] || { echo "could not lock the shared keyring"; exit 1; }
    WECHATLOGIN_TEST_KEYRING=$DBUS_SESSION_BUS_ADDRESS ctest --test-dir "$build" \
        -R "^tst_sessionstore\$" --output-on-failure >"$data/shared.log" 2>&1 \
        || { cat "$data/shared.log"; echo "FAIL: a keyring left locked by one test failed the next"; exit 1; }
    [ "$(state Locked)" = "(<true>,)" ] || { echo "FAIL: the wrapping keyring was unlocked"; exit 1; }
    [ "$(state Items)" = "$items_before" ] || { echo "FAIL: the wrapping keyring changed"; exit 1; }
    echo "a locked wrapping keyring: the next test ran in a fresh one of its own"
' check "$build" "$binary" "$data"
