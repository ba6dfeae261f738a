#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# SPDX-FileCopyrightText: 2026 WeChatLogin developers
#
# The README's two commands, on a fresh Debian 12 machine:
#   ./dev.sh start   install what is needed, build, launch wechat-login (sandbox mode when
#                    nothing is configured)
#   ./dev.sh test    install what is needed, build with warnings as errors, run every test and
#                    benchmark, and end with a summary of what failed
#   ./dev.sh sandbox the standalone sandbox server, for a browser or another client
set -euo pipefail
cd "$(dirname "$0")"

# libzxing-dev, zlib1g-dev and python3: the presets configure the tests too, which decode QR
# codes in process, and check the translations; the sandbox writes its PNGs with zlib.
# qt6-declarative-dev and the qml6-module-* packages: the QML module and what it imports.
BUILD_PACKAGES=(build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-webengine-dev qt6-httpserver-dev qt6-websockets-dev qtkeychain-qt6-dev
    qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools libqrencode-dev libgl-dev libqt6svg6
    libzxing-dev zlib1g-dev python3 qt6-declarative-dev qml6-module-qtquick
    qml6-module-qtquick-window qml6-module-qtqml-workerscript)
# faketime and strace: the reliability tests move clocks and kill processes mid-write;
# python3-jsonschema checks the --json output; zsh, fish and groff-base the completions and
# the man page; tinyproxy and libnss3-tools (certutil) the proxy and CA tests; openbox,
# xdotool, x11-utils (xwininfo, xprop) and x11-xserver-utils (xsetroot) the desktop the
# window tests run on, with real input; weston and qt6-wayland the same on Wayland; tmux and
# openssh-server the terminal sign-in, in a real terminal and over a real ssh session (qrencode
# draws the reference QR its harness must read).
TEST_PACKAGES=(gnome-keyring dbus-x11 xvfb xauth libsecret-tools clang libclang-rt-14-dev openssl
    chromium desktop-file-utils appstream dpkg-dev faketime strace python3-jsonschema zsh fish
    groff-base tinyproxy libnss3-tools at-spi2-core openbox xdotool x11-utils x11-xserver-utils
    weston qt6-wayland tmux openssh-server openssh-client qrencode qml6-module-qttest
    qt6-declarative-dev-tools qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-templates)

say() {
    if [ -t 2 ]; then printf '\033[1m==> %s\033[0m\n' "$*" >&2; else printf '==> %s\n' "$*" >&2; fi
}

install_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    # CI always refreshes the lists and installs, so a clean machine is what it proves.
    if [ ${#missing[@]} -eq 0 ] && [ "${CI:-}" != "true" ]; then
        return
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    say "Installing Debian packages: ${missing[*]:-(all present; refreshing for CI)}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@" >&2
}

build() {
    local preset=$1
    shift
    say "Building (cmake --preset $preset${*:+, $*})"
    cmake --preset "$preset" >&2
    cmake --build --preset "$preset" "$@" >&2
}

runtime_dir() {
    # Qt wants a private runtime directory; headless machines often have none.
    if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -w "${XDG_RUNTIME_DIR}" ]; then
        XDG_RUNTIME_DIR=$(mktemp -d /tmp/wechatlogin-runtime.XXXXXX)
        chmod 700 "$XDG_RUNTIME_DIR"
        export XDG_RUNTIME_DIR
    fi
}

start() {
    install_packages "${BUILD_PACKAGES[@]}"
    # Only what the app needs: the tests build with ./dev.sh test.
    build default --target wechat-login wechat-login-signin
    # Chromium's sandbox cannot run as root; only then is it turned off.
    [ "$(id -u)" -ne 0 ] || export QTWEBENGINE_DISABLE_SANDBOX=1
    runtime_dir
    say "Launching wechat-login (sandbox mode unless a project is configured)"
    exec ./build/app/wechat-login "$@"
}

sandbox() {
    install_packages "${BUILD_PACKAGES[@]}"
    build default
    local out
    out=$(mktemp)
    ./build/sandbox/wechat-login-sandbox "$@" >"$out" &
    local pid=$!
    # Expanded now: the trap may run after this function's locals are gone.
    trap "kill $pid 2>/dev/null; rm -f '$out'" EXIT
    trap "exit 0" INT TERM
    until [ -s "$out" ]; do
        kill -0 $pid 2>/dev/null || { echo "wechat-login-sandbox did not start" >&2; exit 1; }
        sleep 0.1
    done
    local ready auth wechat
    ready=$(head -n1 "$out")
    auth=$(sed -E 's/.*"auth_url":"([^"]*)".*/\1/' <<<"$ready")
    wechat=$(sed -E 's/.*"wechat_url":"([^"]*)".*/\1/' <<<"$ready")
    cat <<TXT

The sandbox is running (Ctrl-C stops it). Its ready line:
  $ready

Sign in by hand:
  1. Open the QR page in a browser:
       $auth/auth/v1/authorize?provider=wechat_qr&redirect_to=http%3A%2F%2F127.0.0.1%3A3000%2Fsignin
  2. Play the phone: open the URL the QR encodes (the virtual phone page) in another tab,
     pick a user and press 确认登录. The newest QR's uuid:
       curl -s $wechat/sandbox/qr/latest
     then open $wechat/connect/confirm?uuid=<uuid>
  3. The first tab lands on http://127.0.0.1:3000/signin?code=... : that code is what an app
     exchanges at POST $auth/auth/v1/token?grant_type=pkce.

TXT
    wait $pid
}

# CI only (it changes the machine): the .deb installs with its declared dependencies, the
# installed app runs, and it removes cleanly.
install_deb() {
    say "Installing the .deb (cpack -G DEB) with apt-get, running it, removing it"
    (cd build-ci && rm -f wechat-login_*.deb && cpack -G DEB >/dev/null)
    local deb
    deb=$(ls "$PWD"/build-ci/wechat-login_*.deb)
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >&2
    /usr/bin/wechat-login --version >&2
    /usr/bin/wechat-login --help >/dev/null
    test -f /usr/lib/wechat-login/libwechat-login-signin.so
    # A QML app finds the module with no import path.
    QT_QPA_PLATFORM=offscreen /usr/lib/qt6/bin/qmltestrunner \
        -input tests/package/tst_installedqml.qml >&2
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -q wechat-login >&2
    ! command -v wechat-login >/dev/null
}

# The names of the tests that failed in the last ctest run of build-ci.
failed_tests() {
    local log=build-ci/Testing/Temporary/LastTestsFailed.log
    [ -f "$log" ] && cut -d: -f2- "$log" | tr '\n' ' '
}

run_tests() {
    local extra=()
    # The interop test runs the reference client, @supabase/auth-js, under Node.
    command -v node >/dev/null && command -v npm >/dev/null || extra=(nodejs npm)
    install_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${extra[@]}"
    say "Installing the interop test's npm packages (npm ci in tests/interop)"
    (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error) >&2
    build ci
    build fuzz
    # From here on every step runs, whatever failed before it; the summary at the end says
    # what failed, and the exit code is 1 if anything did.
    local failures=()
    say "Fuzzing each parser for ${FUZZ_SECONDS:-30} s (libFuzzer, ASan, UBSan)"
    tests/fuzz/run-fuzzers.sh build-fuzz "${FUZZ_SECONDS:-30}" >&2 || failures+=("fuzzing: see above")
    if [ "${CI:-}" = "true" ] && [ "$(id -u)" -eq 0 ]; then
        install_deb || failures+=("the .deb: install, run, remove")
    fi
    # The plain environment every test must pass in: a private D-Bus session with an unlocked
    # keyring of its own (ctest wraps each test in tests/with-keyring), headless, Chromium's sandbox off (root), and nothing else:
    # no XDG_RUNTIME_DIR, no QT_LOGGING_RULES of ours.
    export QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1
    # One test at a time: CI proves nothing depends on having the machine to itself.
    say "Running the benchmarks (their numbers below)"
    ctest --preset ci --parallel 1 -L benchmark --verbose ||
        failures+=("benchmarks: $(failed_tests)")
    say "Running the tests (each in a private D-Bus session with its own unlocked gnome-keyring)"
    ctest --preset ci --parallel 1 -LE benchmark ||
        failures+=("tests: $(failed_tests)")
    if [ ${#failures[@]} -eq 0 ]; then
        say "Summary: every test and benchmark passed"
        return 0
    fi
    say "Summary: FAILED"
    printf '  %s\n' "${failures[@]}" >&2
    return 1
}

case "${1:-}" in
start) shift; start "$@" ;;
sandbox) shift; sandbox "$@" ;;
test) run_tests ;;
*)
    echo "usage: $0 start [wechat-login options...] | test | sandbox [sandbox flags...]" >&2
    exit 2
    ;;
esac
