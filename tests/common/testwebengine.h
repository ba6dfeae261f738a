// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTWEBENGINE_H
#define WECHATLOGIN_TESTS_TESTWEBENGINE_H

// Header-only, so tests without a web view never link QtWebEngine. Tests that include
// it link WeChatLoginTestSupport.

#include "testhttp.h"
#include "testqr.h"
#include "testwait.h"
#include <WeChatLogin/authconfig.h>

// Qt
#include <QApplication>
#include <QCoreApplication>
#include <QImage>
#include <QTest>
#include <QTimer>
#include <QWebEnginePage>
#include <QWebEngineView>

#include <chrono>
#include <functional>

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

// The first frame of a view that showed a QR code the sandbox made.
struct PaintedQr
{
    QImage frame; // null when no frame showed it in time
    QString text; // what the frame's QR decodes to
    std::chrono::steady_clock::time_point grabbedAt{};
    bool isNull() const { return frame.isNull(); }
};

// Waits until the window showing the view has painted a frame whose QR code decodes (in
// process) to a text isExpected() accepts, without polling: the whole window, as a person
// sees it (LoginWidget covers the view until the page is fitted), is grabbed once now and
// after each paint of any of its widgets. A frame without a readable QR (a placeholder, the
// page's unstyled dark background, half a QR, an error page) never counts, however fast or
// slow the machine paints. grabbedAt is when the counted frame was grabbed, before it was
// decoded.
inline PaintedQr waitForQrPainted(QWebEngineView *view,
                                  const std::function<bool(const QString &)> &isExpected,
                                  int timeoutMs = 15000)
{
    QWidget *window = view->window();
    PaintedQr painted;
    bool pending = false;
    auto check = [&] {
        pending = false;
        if (!painted.isNull())
            return;
        const auto grabbedAt = std::chrono::steady_clock::now();
        const QImage grabbed = window->grab().toImage();
        const QString text = decodeQr(grabbed);
        if (!text.isEmpty() && isExpected(text))
            painted = {grabbed, text, grabbedAt};
    };
    struct PaintWatcher : QObject
    {
        QWidget *window = nullptr;
        std::function<void()> onPaint;
        bool eventFilter(QObject *watched, QEvent *event) override
        {
            if ((event->type() == QEvent::Paint || event->type() == QEvent::UpdateRequest)
                && watched->isWidgetType() && static_cast<QWidget *>(watched)->window() == window)
                onPaint();
            return false;
        }
    } watcher;
    watcher.window = window;
    watcher.onPaint = [&] {
        if (!pending) { // after the paint has happened
            pending = true;
            QMetaObject::invokeMethod(view, check, Qt::QueuedConnection);
        }
    };
    qApp->installEventFilter(&watcher);
    check();
    waitWithoutSleeping([&] { return !painted.isNull(); }, timeoutMs);
    qApp->removeEventFilter(&watcher);
    while (pending) // a queued check still refers to this frame's locals
        QCoreApplication::processEvents();
    return painted;
}

// The same, for a QR this sandbox made: it decodes to the sandbox's virtual phone URL.
inline PaintedQr waitForQrPainted(QWebEngineView *view, const SandboxFixture &sandbox,
                                  int timeoutMs = 15000)
{
    return waitForQrPainted(
        view, [&](const QString &text) { return sandbox.isSandboxQr(text); }, timeoutMs);
}

} // namespace WeChatLogin::Test

#endif
