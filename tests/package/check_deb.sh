#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds the .deb with cpack and checks what it installs and what it depends on.
set -eu
build=$1
cd "$build"
rm -f wechat-login_*.deb
cpack -G DEB >cpack.log 2>&1 || { cat cpack.log >&2; exit 1; }
deb=$(ls wechat-login_*.deb)
echo "built $deb"
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/wechat-login ./usr/bin/wechat-login-sandbox \
         ./usr/lib/wechat-login/libwechat-login-signin.so ./usr/lib/wechat-login/libwechat-login-core.so \
         ./usr/lib/wechat-login/libwechat-login-window.so ./usr/lib/wechat-login/libwechat-login-sandboxhost.so \
         ./usr/lib/libWeChatLoginAuth.so.0.1.0 \
         ./usr/lib/libWeChatLoginWidgets.so.0.1.0 ./usr/lib/libWeChatLoginSandbox.so.0.1.0 \
         ./usr/lib/libWeChatLoginQuick.so.0.1.0 \
         ./usr/lib/x86_64-linux-gnu/qt6/qml/WeChatLogin/qmldir \
         ./usr/lib/x86_64-linux-gnu/qt6/qml/WeChatLogin/WeChatLoginQuick.qmltypes \
         ./usr/lib/x86_64-linux-gnu/qt6/qml/WeChatLogin/libWeChatLoginQuickPlugin.so \
         ./usr/libexec/wechat-login/wechat-login-dialog ./usr/include/WeChatLogin/loginprocess.h \
         ./usr/include/WeChatLogin/logindialog.h ./usr/lib/cmake/WeChatLogin/WeChatLoginConfig.cmake \
         ./usr/share/applications/io.github.wechatlogin.WeChatLogin.desktop \
         ./usr/share/metainfo/io.github.wechatlogin.WeChatLogin.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/io.github.wechatlogin.WeChatLogin.svg \
         ./usr/share/man/man1/wechat-login.1 ./usr/share/bash-completion/completions/wechat-login \
         ./usr/share/zsh/vendor-completions/_wechat-login \
         ./usr/share/fish/vendor_completions.d/wechat-login.fish; do
    echo "$contents" | grep -q " $f\$" || { echo "missing from $deb: $f" >&2; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for d in libqt6webenginecore6 libqt6webenginewidgets6 libqt6keychain1 libqt6httpserver6 \
         libqrencode4 libqt6widgets6 libqt6svg6 libqt6qml6; do
    echo "$depends" | grep -q "$d" || { echo "$deb does not depend on $d" >&2; exit 1; }
done
