// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTDESKTOP_H
#define WECHATLOGIN_TESTS_TESTDESKTOP_H

// A desktop as a person meets it (docs: TESTING-LIKE-A-PERSON.md): an X server of its own
// (Xvfb), a real window manager on it (openbox) or none, real input (XTEST, through
// xdotool: the X server delivers it to the window under the pointer, as a mouse would),
// the list of windows a person sees, and grabs of the whole screen.

// Qt
#include <QImage>
#include <QList>
#include <QPoint>
#include <QProcess>
#include <QRect>
#include <QSize>
#include <QString>

#include <memory>

namespace WeChatLogin::Test {

class Desktop
{
public:
    enum class WindowManager { Openbox, None };

    // $WECHATLOGIN_TEST_WM: "none" for a bare X server, else openbox.
    static WindowManager windowManagerFromEnvironment();

    // Starts Xvfb on a free display and the window manager on it, and points this process
    // (DISPLAY, QT_QPA_PLATFORM=xcb) and the processes it starts at it: create it before
    // the QApplication. Both end with it, or with this process however it ends.
    explicit Desktop(WindowManager windowManager = windowManagerFromEnvironment(),
                     QSize screen = QSize(1280, 900));
    ~Desktop();
    Desktop(const Desktop &) = delete;
    Desktop &operator=(const Desktop &) = delete;

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    QString display() const { return m_display; }
    WindowManager windowManager() const { return m_windowManager; }
    QString windowManagerName() const;

    // Real input, as a person gives it.
    bool moveTo(const QPoint &global) const;
    bool click(int button = 1) const; // where the pointer is
    bool clickAt(const QPoint &global) const { return moveTo(global) && click(); }
    bool key(const QString &keys) const; // xdotool's names: "Tab", "Return", "alt+h"
    // Brings a window forward as a taskbar click does (asks the window manager; with none,
    // gives it the keyboard focus).
    bool activate(quint64 window) const;
    // The middle of a widget, on the screen (a template: this header needs no QtWidgets).
    template<typename Widget>
    static QPoint centreOf(const Widget *widget)
    {
        return widget->mapToGlobal(widget->rect().center());
    }

    // A window a person can see: mapped, viewable, a client's (not a window manager's frame
    // or its own helper windows).
    struct Window
    {
        quint64 id = 0;
        QString name;
        QString className;
        QRect geometry;
        qint64 pid = 0;
    };
    QList<Window> visibleWindows() const;
    // The client window under the pointer, inside its frame if a window manager framed it
    // (0: the root, nothing of anybody's).
    quint64 windowUnderPointer() const;
    // The whole screen as it is now (needs this process's QGuiApplication on the display).
    QImage grab() const;

    // "name (class, pid P, WxH+X+Y)" per window, for failure messages.
    static QString describe(const QList<Window> &windows);

private:
    bool run(const QStringList &arguments, QByteArray *output = nullptr) const;
    bool startServer(QSize screen);
    bool startWindowManager();

    WindowManager m_windowManager;
    QString m_display;
    QString m_error;
    std::unique_ptr<QProcess> m_server;
    std::unique_ptr<QProcess> m_manager;
};

} // namespace WeChatLogin::Test

#endif
