// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The terminal sign-in against the dialog, cold, in one run: from spawning wechat-login to
// a QR a phone can scan where the person looks.
//   terminal  `wechat-login sign-in --terminal` in a real terminal (tmux, no DISPLAY): from
//             tmux new-session to the first capture of the pane (its cells and colours,
//             turned into an image) that decodes to the sandbox's newest QR
//   dialog    `wechat-login sign-in --window` on a desktop (Xvfb + openbox): from the spawn
//             to the first grab of the whole screen that decodes to the sandbox's newest QR
// Medians of 5, alternating. The sandbox runs in its own process. It checks what it
// measured: each time is to a QR that decodes to the newest QR the sandbox made (its control
// API), different from the previous run's; each run is then cancelled and its processes
// waited for.

#include "testbench.h"
#include "testdesktop.h"
#include "testhttp.h"
#include "testqr.h"
#include "testterminal.h"

// Qt
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <functional>
#include <sys/prctl.h>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

constexpr int Runs = 5;
constexpr int StepMs = 60000;

class Bench
{
public:
    explicit Bench(Desktop &desktop)
        : m_desktop(desktop)
    {}
    ~Bench()
    {
        m_sandbox.terminate();
        m_sandbox.waitForFinished(StepMs);
    }

    bool startSandbox(const QString &program)
    {
        SandboxProcess sandbox;
        if (!sandbox.start(m_sandbox, program, StepMs))
            return false;
        m_auth = sandbox.auth;
        m_wechat = sandbox.wechat;
        m_anonKey = sandbox.anonKey;
        return true;
    }

    QStringList arguments() const
    {
        return {QStringLiteral("--url"),        m_auth.toString(),
                QStringLiteral("--anon-key"),   m_anonKey,
                QStringLiteral("--trust-host"), m_wechat.authority(),
                QStringLiteral("sign-in")};
    }

    QProcessEnvironment environment(bool display) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_config.path());
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("TERM"), QStringLiteral("xterm-256color"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        if (!display)
            env.remove(QStringLiteral("DISPLAY"));
        return env;
    }

    // Until see() decodes to the sandbox's newest QR (not previous): ms since clock started.
    double msUntilNewQr(const QElapsedTimer &clock, const std::function<QString()> &see)
    {
        const QString prefix =
            m_wechat.resolved(QUrl(QStringLiteral("/connect/confirm?uuid="))).toString();
        QElapsedTimer since;
        since.start();
        while (since.elapsed() < StepMs) {
            const double seenMs = clock.nsecsElapsed() / 1e6;
            const QString text = see();
            if (text.startsWith(prefix) && text != m_previous
                && text.mid(prefix.size()) == latestUuid()) {
                m_previous = text;
                return seenMs;
            }
            QCoreApplication::processEvents();
        }
        return -1;
    }

    double terminal(const QString &app)
    {
        Tmux tmux;
        QElapsedTimer clock;
        clock.start();
        if (!tmux.start(QStringList{app} + arguments() << QStringLiteral("--terminal"),
                        environment(false), QSize(100, 50)))
            return -1;
        const double ms = msUntilNewQr(
            clock, [&] { return decodeQr(terminalImage(tmux.capture(), ColorScheme::Dark)); });
        tmux.sendKeys({QStringLiteral("C-c")});
        if (!QTest::qWaitFor([&] { return tmux.exitStatus() == 1; }, StepMs))
            return -1;
        return ms;
    }

    double dialog(const QString &app)
    {
        QProcess process;
        process.setProcessEnvironment(environment(true));
        process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        QElapsedTimer clock;
        clock.start();
        process.start(app, arguments() << QStringLiteral("--window"));
        const double ms = msUntilNewQr(clock, [&] { return decodeQr(m_desktop.grab()); });
        process.terminate();
        if (!process.waitForFinished(StepMs))
            process.kill();
        return ms;
    }

private:
    QString latestUuid()
    {
        const HttpResult latest =
            m_http.get(m_auth.resolved(QUrl(QStringLiteral("/sandbox/qr/latest"))));
        return QJsonDocument::fromJson(latest.body)
            .object()
            .value(QStringLiteral("uuid"))
            .toString();
    }

    Desktop &m_desktop;
    QProcess m_sandbox;
    QUrl m_auth, m_wechat;
    QString m_anonKey;
    QString m_previous;
    Http m_http;
    QTemporaryDir m_config;
};

} // namespace

int main(int argc, char *argv[])
{
    Desktop desktop(Desktop::WindowManager::Openbox, QSize(1024, 768));
    if (!desktop.isValid()) {
        std::fprintf(stderr, "bench_terminalsignin: %s\n", qPrintable(desktop.errorString()));
        return 1;
    }
    QGuiApplication app(argc, argv);
    Bench bench(desktop);
    if (!bench.startSandbox(QStringLiteral(SANDBOX_EXE))) {
        std::fprintf(stderr, "bench_terminalsignin: the sandbox did not start\n");
        return 1;
    }
    QList<double> terminal, dialog;
    for (int i = 0; i < Runs; ++i) {
        const double t = bench.terminal(QStringLiteral(APP_PATH));
        const double d = bench.dialog(QStringLiteral(APP_PATH));
        if (t < 0 || d < 0) {
            std::fprintf(stderr, "bench_terminalsignin: run %d: no QR that decodes (%s)\n", i,
                         t < 0 ? "terminal" : "dialog");
            return 1;
        }
        terminal << t;
        dialog << d;
    }
    const double ratio = median(terminal) / median(dialog);
    std::printf("Cold spawn to a scannable QR, medians of %d (each decoded to the sandbox's "
                "newest QR):\n",
                Runs);
    std::printf("  terminal (tmux, no display)      %8.1f ms  (min %.1f, max %.1f)\n",
                median(terminal), *std::min_element(terminal.cbegin(), terminal.cend()),
                *std::max_element(terminal.cbegin(), terminal.cend()));
    std::printf("  dialog (Xvfb + openbox, screen)  %8.1f ms  (min %.1f, max %.1f)\n",
                median(dialog), *std::min_element(dialog.cbegin(), dialog.cend()),
                *std::max_element(dialog.cbegin(), dialog.cend()));
    std::printf("  terminal / dialog: %.2fx (target: within 1.2x): %s\n", ratio,
                ratio <= 1.2 ? "met" : "NOT met");
    return 0;
}
