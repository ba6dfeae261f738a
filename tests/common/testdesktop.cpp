// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "testdesktop.h"

// Qt
#include <QDeadlineTimer>
#include <QGuiApplication>
#include <QPixmap>
#include <QRegularExpression>
#include <QScreen>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <sys/prctl.h>

namespace WeChatLogin::Test {

namespace {

constexpr int ToolMs = 10000; // any one xdotool, xwininfo or xprop call
constexpr int StartMs = 15000;

// The child ends with this process, however this one ends (a crashed test leaves no X
// server behind).
void endWithParent(QProcess *process)
{
    process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
}

} // namespace

Desktop::WindowManager Desktop::windowManagerFromEnvironment()
{
    return qEnvironmentVariable("WECHATLOGIN_TEST_WM") == QLatin1String("none")
               ? WindowManager::None
               : WindowManager::Openbox;
}

Desktop::Desktop(WindowManager windowManager, QSize screen)
    : m_windowManager(windowManager)
{
    if (!startServer(screen))
        return;
    qputenv("DISPLAY", m_display.toLatin1());
    qputenv("QT_QPA_PLATFORM", "xcb");
    qunsetenv("WAYLAND_DISPLAY");
    if (m_windowManager == WindowManager::Openbox && !startWindowManager())
        return;
    // A desktop's colour instead of X's black, as a person's screen has (and screenshots
    // show): best effort, nothing depends on it. After the window manager, which clears it.
    run({QStringLiteral("xsetroot"), QStringLiteral("-solid"), QStringLiteral("#3b6e8f")});
}

Desktop::~Desktop()
{
    for (QProcess *p : {m_manager.get(), m_server.get()}) {
        if (p && p->state() != QProcess::NotRunning) {
            p->terminate();
            if (!p->waitForFinished(5000))
                p->kill();
            p->waitForFinished(5000);
        }
    }
}

QString Desktop::windowManagerName() const
{
    return m_windowManager == WindowManager::Openbox ? QStringLiteral("openbox")
                                                     : QStringLiteral("no window manager");
}

bool Desktop::startServer(QSize screen)
{
    m_server = std::make_unique<QProcess>();
    endWithParent(m_server.get());
    m_server->setStandardErrorFile(QProcess::nullDevice());
    // -displayfd: the server takes the first free display and writes its number to us.
    m_server->start(QStringLiteral("Xvfb"),
                    {QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"),
                     QStringLiteral("0"),
                     QStringLiteral("%1x%2x24").arg(screen.width()).arg(screen.height()),
                     QStringLiteral("-nolisten"), QStringLiteral("tcp")});
    if (!m_server->waitForStarted(StartMs)) {
        m_error = QStringLiteral("Xvfb could not be started (install xvfb): %1")
                      .arg(m_server->errorString());
        return false;
    }
    QByteArray number;
    const QDeadlineTimer deadline(StartMs);
    while (!number.contains('\n') && !deadline.hasExpired()
           && m_server->state() == QProcess::Running) {
        m_server->waitForReadyRead(int(deadline.remainingTime()));
        number += m_server->readAllStandardOutput();
    }
    if (!number.contains('\n')) {
        m_error = QStringLiteral("Xvfb did not say which display it took");
        return false;
    }
    m_display = u':' + QString::fromLatin1(number.trimmed());
    return true;
}

bool Desktop::startWindowManager()
{
    // Once more if the first one never takes the screen (seen once in a loaded CI run: the
    // manager running, the root window never named): what it said goes in the error.
    QByteArray said;
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (attempt > 0) {
            std::fprintf(stderr, "openbox did not take the screen in %d ms; starting it again\n",
                         StartMs);
            m_manager->kill();
            m_manager->waitForFinished(5000);
        }
        m_manager = std::make_unique<QProcess>();
        endWithParent(m_manager.get());
        m_manager->setProcessChannelMode(QProcess::MergedChannels);
        m_manager->start(QStringLiteral("openbox"), {QStringLiteral("--sm-disable")});
        if (!m_manager->waitForStarted(StartMs)) {
            m_error = QStringLiteral("openbox could not be started (install openbox): %1")
                          .arg(m_manager->errorString());
            return false;
        }
        // It manages the screen once it has named itself on the root window (EWMH).
        const QDeadlineTimer deadline(StartMs);
        while (!deadline.hasExpired()) {
            QByteArray out;
            if (run({QStringLiteral("xprop"), QStringLiteral("-root"),
                     QStringLiteral("_NET_SUPPORTING_WM_CHECK")},
                    &out)
                && out.contains("window id"))
                return true;
            if (m_manager->state() != QProcess::Running)
                break;
            QThread::msleep(20); // no event loop yet: this runs before the QApplication
        }
        said += m_manager->readAll().left(2000);
    }
    m_error = QStringLiteral("openbox did not start managing the screen (it said: %1)")
                  .arg(QString::fromLocal8Bit(said).simplified());
    return false;
}

bool Desktop::run(const QStringList &arguments, QByteArray *output) const
{
    QProcess tool;
    tool.setStandardErrorFile(QProcess::nullDevice());
    tool.start(arguments.first(), arguments.mid(1));
    if (!tool.waitForFinished(ToolMs)) {
        tool.kill();
        tool.waitForFinished();
        return false;
    }
    if (output)
        *output = tool.readAllStandardOutput();
    return tool.exitStatus() == QProcess::NormalExit && tool.exitCode() == 0;
}

bool Desktop::moveTo(const QPoint &global) const
{
    // Not --sync: it waits for a motion that never comes when the pointer is there already.
    // The X server takes this input in order with what follows it anyway.
    return run({QStringLiteral("xdotool"), QStringLiteral("mousemove"), QString::number(global.x()),
                QString::number(global.y())});
}

bool Desktop::click(int button) const
{
    // --delay 0: xdotool otherwise sleeps 100 ms after the click before it returns.
    return run({QStringLiteral("xdotool"), QStringLiteral("click"), QStringLiteral("--delay"),
                QStringLiteral("0"), QString::number(button)});
}

bool Desktop::key(const QString &keys) const
{
    return run({QStringLiteral("xdotool"), QStringLiteral("key"), keys});
}

bool Desktop::activate(quint64 window) const
{
    return run({QStringLiteral("xdotool"),
                m_windowManager == WindowManager::Openbox ? QStringLiteral("windowactivate")
                                                          : QStringLiteral("windowfocus"),
                QString::number(window)});
}

QList<Desktop::Window> Desktop::visibleWindows() const
{
    // Every window with its name, class and place; a client's has a class (WM_CLASS).
    QByteArray tree;
    if (!run({QStringLiteral("xwininfo"), QStringLiteral("-root"), QStringLiteral("-tree")}, &tree))
        return {};
    static const QRegularExpression line(QStringLiteral(
        R"re(^\s+(0x[0-9a-f]+) (?:"(.*)"|\(has no name\)): \("([^"]*)" "([^"]*)"\)\s+)re"
        R"re((\d+)x(\d+)\+-?\d+\+-?\d+\s+\+(-?\d+)\+(-?\d+))re"));
    QList<Window> found;
    const QStringList lines = QString::fromUtf8(tree).split(u'\n');
    for (const QString &text : lines) {
        const QRegularExpressionMatch m = line.match(text);
        if (!m.hasMatch() || m.captured(4).startsWith(QLatin1String("Openbox"))
            || m.captured(3).startsWith(QLatin1String("OPENBOX")))
            continue;
        const QString id = m.captured(1);
        QByteArray info;
        if (!run({QStringLiteral("xwininfo"), QStringLiteral("-id"), id}, &info)
            || !info.contains("Map State: IsViewable"))
            continue;
        Window w;
        w.id = id.toULongLong(nullptr, 16);
        w.name = m.captured(2);
        w.className = m.captured(4);
        w.geometry = QRect(m.captured(7).toInt(), m.captured(8).toInt(), m.captured(5).toInt(),
                           m.captured(6).toInt());
        QByteArray pid;
        if (run({QStringLiteral("xdotool"), QStringLiteral("getwindowpid"), id}, &pid))
            w.pid = pid.trimmed().toLongLong();
        found << w;
    }
    return found;
}

quint64 Desktop::windowUnderPointer() const
{
    QByteArray out;
    if (!run({QStringLiteral("xdotool"), QStringLiteral("getmouselocation"),
              QStringLiteral("--shell")},
             &out))
        return 0;
    quint64 top = 0;
    for (const QByteArray &text : out.split('\n')) {
        if (text.startsWith("WINDOW="))
            top = text.mid(7).toULongLong();
    }
    if (top == 0)
        return 0;
    // With a window manager, the top-level under the pointer is its frame: the client is the
    // visible window inside it.
    const QList<Window> clients = visibleWindows();
    for (const Window &w : clients) {
        if (w.id == top)
            return top;
    }
    QByteArray tree;
    if (!run({QStringLiteral("xwininfo"), QStringLiteral("-tree"), QStringLiteral("-id"),
              QString::number(top)},
             &tree))
        return 0;
    for (const Window &w : clients) {
        if (tree.contains(QByteArray("0x") + QByteArray::number(w.id, 16) + ' '))
            return w.id;
    }
    return 0;
}

QImage Desktop::grab() const
{
    QScreen *screen = QGuiApplication::primaryScreen();
    return screen ? screen->grabWindow(0).toImage() : QImage();
}

QString Desktop::describe(const QList<Window> &windows)
{
    QStringList parts;
    for (const Window &w : windows)
        parts << QStringLiteral("\"%1\" (%2, pid %3, %4x%5+%6+%7)")
                     .arg(w.name, w.className)
                     .arg(w.pid)
                     .arg(w.geometry.width())
                     .arg(w.geometry.height())
                     .arg(w.geometry.x())
                     .arg(w.geometry.y());
    return parts.isEmpty() ? QStringLiteral("(none)") : parts.join(QStringLiteral(", "));
}

} // namespace WeChatLogin::Test
