// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTWEBENGINE_H
#define WECHATLOGIN_TESTS_TESTWEBENGINE_H

// Header-only, so tests without a web view never link QtWebEngine.

#include "testwait.h"

// Qt
#include <QCoreApplication>
#include <QImage>
#include <QTest>
#include <QTimer>
#include <QWebEnginePage>
#include <QWebEngineView>

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

// Whether a frame of the view shows a QR code: at least 5% of its pixels are near
// black (a 200 px QR in the dialog is ~12%; the page's text alone stays under 2%).
// Light palette only; a caller that needs certainty decodes the frame (zbarimg).
inline bool frameShowsQr(const QImage &frame)
{
    const QImage gray = frame.convertToFormat(QImage::Format_Grayscale8);
    qint64 dark = 0;
    for (int y = 0; y < gray.height(); ++y) {
        const uchar *line = gray.constScanLine(y);
        for (int x = 0; x < gray.width(); ++x)
            dark += line[x] < 64;
    }
    return gray.width() > 0 && dark * 20 >= qint64(gray.width()) * gray.height();
}

// Waits until the view has painted a frame showing the QR, without polling: the view's
// render widget is checked once now and after each of its paints. Returns the frame
// (null on timeout).
inline QImage waitForQrPainted(QWebEngineView *view, int timeoutMs = 15000)
{
    QWidget *surface = view->focusProxy() ? view->focusProxy() : view;
    QImage frame;
    bool pending = false;
    auto check = [&] {
        pending = false;
        const QImage grabbed = view->grab().toImage();
        if (frameShowsQr(grabbed))
            frame = grabbed;
    };
    struct PaintWatcher : QObject
    {
        std::function<void()> onPaint;
        bool eventFilter(QObject *, QEvent *event) override
        {
            if (event->type() == QEvent::Paint || event->type() == QEvent::UpdateRequest)
                onPaint();
            return false;
        }
    } watcher;
    watcher.onPaint = [&] {
        if (!pending) { // after the paint has happened
            pending = true;
            QMetaObject::invokeMethod(view, check, Qt::QueuedConnection);
        }
    };
    surface->installEventFilter(&watcher);
    check();
    waitWithoutSleeping([&] { return !frame.isNull(); }, timeoutMs);
    surface->removeEventFilter(&watcher);
    while (pending) // a queued check still refers to this frame's locals
        QCoreApplication::processEvents();
    return frame;
}

} // namespace WeChatLogin::Test

#endif
