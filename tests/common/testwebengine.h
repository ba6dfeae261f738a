// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTWEBENGINE_H
#define WECHATLOGIN_TESTS_TESTWEBENGINE_H

// Header-only, so tests without a web view never link QtWebEngine.

// Qt
#include <QTest>
#include <QWebEnginePage>

namespace WeChatLogin::Test {

// Runs a script in the page's main world and waits for its result.
inline QVariant runJavaScript(QWebEnginePage *page, const QString &script, int timeoutMs = 10000)
{
    QVariant result;
    bool done = false;
    page->runJavaScript(script, [&](const QVariant &v) {
        result = v;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, timeoutMs))
        return QStringLiteral("<javascript timed out>");
    return result;
}

} // namespace WeChatLogin::Test

#endif
