#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs a command in its own D-Bus session where a screen reader is "running": the AT-SPI
# bus is started and org.a11y.Status.ScreenReaderEnabled is true, as Orca sets it. Qt's
# AT-SPI bridge (xcb) then turns accessibility on, so the test sees what a screen reader
# would be told. Usage: with-screen-reader.sh COMMAND [ARGS...]
set -eu
if [ -z "${WECHATLOGIN_IN_A11Y_SESSION:-}" ]; then
    WECHATLOGIN_IN_A11Y_SESSION=1 exec dbus-run-session -- "$0" "$@"
fi
if [ ! -x /usr/libexec/at-spi-bus-launcher ] && ! command -v at-spi-bus-launcher >/dev/null; then
    echo "with-screen-reader.sh: at-spi2-core is missing (./dev.sh test installs it)" >&2
    exit 1
fi
# Activates org.a11y.Bus (at-spi-bus-launcher) and waits for its answer.
dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
    org.a11y.Bus.GetAddress >/dev/null
dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
    org.freedesktop.DBus.Properties.Set string:org.a11y.Status \
    string:ScreenReaderEnabled variant:boolean:true >/dev/null
exec "$@"
