// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "browsersignin.h"
#include "systembrowser_p.h"

// Qt
#include <QProcess>
#include <QStandardPaths>

#include <memory>

namespace WeChatLogin::Internal {

namespace {
constexpr int StartMs = 5000; // fork and exec; the opener itself is never waited for
} // namespace

QProcess *startSystemBrowser(const QUrl &url, QString *why)
{
    QString program;
    QStringList arguments;
#if defined(Q_OS_MACOS)
    program = QStringLiteral("/usr/bin/open");
    arguments << url.toString(QUrl::FullyEncoded);
#elif defined(Q_OS_WIN)
    program = QStringLiteral("rundll32");
    arguments << QStringLiteral("url.dll,FileProtocolHandler") << url.toString(QUrl::FullyEncoded);
#else
    // Without a graphical session xdg-open falls back to a text-mode browser that takes
    // over the terminal: nothing is opened, the app shows the URL instead.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        *why = BrowserSignIn::tr("there is no graphical session here (no DISPLAY or "
                                 "WAYLAND_DISPLAY) to open a browser in");
        return nullptr;
    }
    program = QStandardPaths::findExecutable(QStringLiteral("xdg-open"));
    if (program.isEmpty()) {
        *why = BrowserSignIn::tr("xdg-open was not found (Debian and Ubuntu: apt-get install "
                                 "xdg-utils)");
        return nullptr;
    }
    arguments << url.toString(QUrl::FullyEncoded);
#endif
    auto process = std::make_unique<QProcess>();
    process->setProgram(program);
    process->setArguments(arguments);
    process->setStandardInputFile(QProcess::nullDevice());
    process->setStandardOutputFile(QProcess::nullDevice());
    process->setStandardErrorFile(QProcess::nullDevice());
    process->start();
    if (!process->waitForStarted(StartMs)) {
        *why =
            BrowserSignIn::tr("%1 could not be started (%2)").arg(program, process->errorString());
        return nullptr;
    }
    QObject::connect(process.get(), &QProcess::finished, process.get(), &QObject::deleteLater);
    return process.release();
}

} // namespace WeChatLogin::Internal
