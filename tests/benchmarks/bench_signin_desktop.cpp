// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The window's sign-in as a person meets it on a desktop: wechat-login (its own process)
// on Xvfb with openbox, driven with real X input, the QR seen on the whole screen. For each
// way the window makes its sign-in ready ($WECHAT_LOGIN_SIGNIN_READINESS), side by side:
//   hover      the pointer rests on the sign-in button for 300 ms, then clicks: from the
//              click to the first grab of the screen that decodes the sandbox's newest QR
//   keyboard   Tab, then Enter, the pointer away from the button: from Enter to the same
//   idle       while signed out and nobody near the button: PSS (and RSS) of every process
//              the window started, beyond the window's own (/proc/PID/smaps_rollup)
//   flows      sign-in flows the server saw (GET /authorize) before anybody showed intent
// Medians of 10. The sandbox runs in its own process, so the grabs here slow neither it
// nor the window. It checks what it measured: each time is to a QR that decodes to the
// newest QR the sandbox made (its control API), and each dialog is closed with Escape and
// the window ready again before the next gesture.

#include "testbench.h"
#include "testdesktop.h"
#include "testhttp.h"
#include "testprocmem.h"
#include "testqr.h"

// Qt
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRasterWindow>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/prctl.h>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

constexpr int Runs = 10;
constexpr int StepMs = 60000; // any one wait: the window, a child, a QR
constexpr int HoverMs = 300;  // a person's pointer resting on the button
const QPoint Away(8, 8);      // the pointer where it touches nothing of ours
// Out of use longer than the window's grace (MainWindow::OutOfUseMs, a minute).
constexpr int OutOfUseWaitMs = 65000;

// PSS and RSS of processes, in KiB.
struct Memory
{
    qint64 pssKb = 0;
    qint64 rssKb = 0;
    int processes = 0;
};

Memory memoryOf(qint64 pid)
{
    return {smapsRollupKb(pid, "Pss"), smapsRollupKb(pid, "Rss"), 1};
}

struct Result
{
    QList<double> hoverMs, keyboardMs, idlePssMiB, idleRssMiB, idleProcesses, windowPssMiB;
    int flowsBeforeIntent = -1;
    double outOfUsePssMiB = -1;
    int outOfUseProcesses = -1;
    double backInUseMs = -1; // from the click that makes it active to its spare ready
    QString failure;
};

class Bench
{
public:
    explicit Bench(Desktop &desktop)
        : m_desktop(desktop)
    {}
    ~Bench()
    {
        stopApp();
        m_sandbox.terminate();
        m_sandbox.waitForFinished(StepMs);
    }

    bool startSandbox(const QString &program);
    Result measure(const QString &readiness, const QString &app);

private:
    bool startApp(const QString &readiness, const QString &app);
    void stopApp();
    bool waitForLog(const QString &text, int count);
    QPoint findSignInButton();
    double msUntilNewQr(const QElapsedTimer &clock, const QString &previous, QString *uuid);
    QString latestUuid();
    int authorizeRequests();
    bool closeDialogAndWait(const QString &readyLine, int count);
    void failed(Result *r);
    Memory helpers(); // every process the window started

    Desktop &m_desktop;
    QProcess m_sandbox;
    QUrl m_auth, m_wechat;
    QString m_anonKey;
    Http m_http;
    std::unique_ptr<QProcess> m_app;
    QString m_log;
    QTemporaryDir m_config;
};

bool Bench::startSandbox(const QString &program)
{
    SandboxProcess sandbox;
    if (!sandbox.start(m_sandbox, program, StepMs))
        return false;
    m_auth = sandbox.auth;
    m_wechat = sandbox.wechat;
    m_anonKey = sandbox.anonKey;
    return true;
}

bool Bench::startApp(const QString &readiness, const QString &app)
{
    m_log.clear();
    m_app = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("WECHAT_LOGIN_SIGNIN_READINESS"), readiness);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_config.path());
    env.insert(QStringLiteral("QT_LOGGING_RULES"),
               QStringLiteral("wechatlogin.auth.info=true\nwechatlogin.app.info=true"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("en_US.UTF-8"));
    m_app->setProcessEnvironment(env);
    m_app->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    QObject::connect(m_app.get(), &QProcess::readyReadStandardError, m_app.get(),
                     [this] { m_log += QString::fromUtf8(m_app->readAllStandardError()); });
    m_app->start(app, {QStringLiteral("--url"), m_auth.toString(), QStringLiteral("--anon-key"),
                       m_anonKey, QStringLiteral("--redirect-to"),
                       m_auth.resolved(QUrl(QStringLiteral("/app/callback"))).toString(),
                       QStringLiteral("--trust-host"),
                       m_wechat.host() + u':' + QString::number(m_wechat.port())});
    return m_app->waitForStarted(StepMs) && waitForLog(QStringLiteral("Page::SignedOut"), 1);
}

void Bench::stopApp()
{
    if (!m_app)
        return;
    m_app->terminate(); // the window closes; its sign-in child ends with it
    if (!m_app->waitForFinished(StepMs))
        m_app->kill();
    // Its Chromium processes, orphaned, are this process's (a subreaper): gone too.
    if (!QTest::qWaitFor([] { return descendantPids().size() <= 1; }, StepMs))
        std::fprintf(stderr, "bench_signin_desktop: processes of the window outlived it\n");
    m_app.reset();
}

bool Bench::waitForLog(const QString &text, int count)
{
    return QTest::qWaitFor([&] { return m_log.count(text) >= count; }, StepMs);
}

// Where a person sees the green sign-in button: the middle of the rows of its colour that
// are wider than the app's (also green) icon.
QPoint Bench::findSignInButton()
{
    const QImage screen = m_desktop.grab().convertToFormat(QImage::Format_RGB32);
    QRect found;
    for (int y = 0; y < screen.height(); ++y) {
        const auto *row = reinterpret_cast<const QRgb *>(screen.constScanLine(y));
        int run = 0;
        for (int x = 0; x < screen.width(); ++x) {
            run = (row[x] & 0xffffff) == 0x07c160 ? run + 1 : 0;
            if (run >= 120)
                found |= QRect(x - run + 1, y, run, 1);
        }
    }
    return found.height() > 20 ? found.center() : QPoint();
}

QString Bench::latestUuid()
{
    const HttpResult latest =
        m_http.get(m_auth.resolved(QUrl(QStringLiteral("/sandbox/qr/latest"))));
    return QJsonDocument::fromJson(latest.body).object().value(QStringLiteral("uuid")).toString();
}

int Bench::authorizeRequests()
{
    const QJsonArray log =
        m_http.get(m_auth.resolved(QUrl(QStringLiteral("/sandbox/requests")))).jsonArray();
    return SandboxFixture::requestCount(log, QStringLiteral("/auth/v1/authorize"));
}

// Until a grab of the screen decodes to the sandbox's newest QR (not previous): the time
// of the start of that grab on clock; -1 if not within StepMs.
double Bench::msUntilNewQr(const QElapsedTimer &clock, const QString &previous, QString *uuid)
{
    const QString prefix =
        m_wechat.resolved(QUrl(QStringLiteral("/connect/confirm?uuid="))).toString();
    QElapsedTimer since;
    since.start();
    while (since.elapsed() < StepMs) {
        const double grabbedMs = clock.nsecsElapsed() / 1e6;
        const QString text = decodeQr(m_desktop.grab());
        if (text.startsWith(prefix) && text != previous) {
            const QString shown = text.mid(prefix.size());
            if (shown == latestUuid()) {
                *uuid = text;
                return grabbedMs;
            }
        }
        QCoreApplication::processEvents();
    }
    return -1;
}

// Escape closes the dialog as a person would; the window then makes its sign-in ready
// again (its log says so a count-th time).
bool Bench::closeDialogAndWait(const QString &readyLine, int count)
{
    return m_desktop.moveTo(Away) && m_desktop.key(QStringLiteral("Escape"))
           && waitForLog(readyLine, count);
}

// What a person would have seen, and what the window said.
void Bench::failed(Result *r)
{
    const QString shot = QDir::temp().filePath(QStringLiteral("bench_signin_desktop-failure.png"));
    m_desktop.grab().save(shot);
    r->failure += QStringLiteral(" (the screen: %1; visible windows: %2)\n%3")
                      .arg(shot, Desktop::describe(m_desktop.visibleWindows()), m_log.right(3000));
}

Memory Bench::helpers()
{
    Memory all;
    for (const QString &pid : descendantPids(m_app->processId())) {
        const Memory m = memoryOf(pid.toLongLong());
        all.pssKb += m.pssKb;
        all.rssKb += m.rssKb;
        all.processes += m.processes;
    }
    return all;
}

Result Bench::measure(const QString &readiness, const QString &app)
{
    Result r;
    // What says the window's sign-in is ready: a warm spare, or (ahead) a loaded QR.
    const bool ahead = readiness == QLatin1String("ahead");
    const QString ready = ahead ? QStringLiteral("Kind::Ready") : QStringLiteral("Kind::Spare");
    const int flowsBefore = authorizeRequests();
    m_desktop.moveTo(Away);
    if (!startApp(readiness, app) || !waitForLog(ready, 1)) {
        r.failure = QStringLiteral("the window did not get ready: ") + m_log.right(2000);
        stopApp();
        return r;
    }
    int readyCount = 1;
    const QPoint button = findSignInButton();
    if (button.isNull()) {
        r.failure = QStringLiteral("no green sign-in button on the screen");
        failed(&r);
        return r;
    }
    QString previous;
    for (int i = 0; i < Runs; ++i) {
        QTest::qWait(2000); // the machine settles, as it would before a person acts
        const Memory idle = helpers();
        r.windowPssMiB << memoryOf(m_app->processId()).pssKb / 1024.0;
        r.idlePssMiB << idle.pssKb / 1024.0;
        r.idleRssMiB << idle.rssKb / 1024.0;
        r.idleProcesses << idle.processes;
        if (i == 0)
            r.flowsBeforeIntent = authorizeRequests() - flowsBefore;

        // A person's hover, then the click.
        QElapsedTimer clock;
        m_desktop.moveTo(button);
        QTest::qWait(HoverMs);
        clock.start(); // before the click leaves here: xdotool's own start-up counts against us
        m_desktop.click();
        const double hover = msUntilNewQr(clock, previous, &previous);
        if (hover < 0 || !closeDialogAndWait(ready, ++readyCount)) {
            r.failure = QStringLiteral("hover %1: %2")
                            .arg(i)
                            .arg(hover < 0 ? QLatin1String("no QR on the screen")
                                           : QLatin1String("not ready after"));
            failed(&r);
            return r;
        }
        r.hoverMs << hover;

        // The keyboard: Tab, then Enter, the pointer nowhere near. The start page has two
        // controls (the QR button, then "Sign in with your browser"): Tab is pressed until
        // the focus is on the QR button, as a person watching the focus ring does (the
        // window says so in its log: the intent), then Enter at once.
        QTest::qWait(2000);
        const int intents = int(m_log.count(QLatin1String("sign-in intent: true")));
        for (int tab = 0; tab < 3; ++tab) {
            m_desktop.key(QStringLiteral("Tab"));
            if (QTest::qWaitFor(
                    [&] { return m_log.count(QLatin1String("sign-in intent: true")) > intents; },
                    1500))
                break;
        }
        clock.start();
        m_desktop.key(QStringLiteral("Return"));
        const double keyboard = msUntilNewQr(clock, previous, &previous);
        if (keyboard < 0 || !closeDialogAndWait(ready, ++readyCount)) {
            r.failure = QStringLiteral("keyboard %1: %2")
                            .arg(i)
                            .arg(keyboard < 0 ? QLatin1String("no QR on the screen")
                                              : QLatin1String("not ready after"));
            failed(&r);
            return r;
        }
        r.keyboardMs << keyboard;
    }

    // Out of use: a person reads something in another window, longer than the window's
    // grace (a minute); what it holds then, and how soon it is ready once used again.
    const QList<Desktop::Window> windows = m_desktop.visibleWindows();
    QRect ours;
    for (const Desktop::Window &w : windows) {
        if (w.pid == m_app->processId())
            ours = w.geometry;
    }
    QRasterWindow other;
    other.setTitle(QStringLiteral("Another app"));
    other.setGeometry(10, 30, 200, 100);
    other.show();
    if (ours.isNull() || !QTest::qWaitForWindowExposed(&other)
        || !m_desktop.clickAt(other.geometry().center())) {
        r.failure = QStringLiteral("could not bring another window forward");
        failed(&r);
        return r;
    }
    QTest::qWait(OutOfUseWaitMs);
    const Memory away = helpers();
    r.outOfUsePssMiB = away.pssKb / 1024.0;
    r.outOfUseProcesses = away.processes;
    if (!ahead) { // back: a click on the window's empty left margin, below the menus
        QElapsedTimer clock;
        clock.start();
        m_desktop.clickAt(QPoint(ours.left() + 8, ours.center().y()));
        if (!waitForLog(ready, ++readyCount)) {
            r.failure = QStringLiteral("not ready again once back in use");
            failed(&r);
            return r;
        }
        r.backInUseMs = clock.nsecsElapsed() / 1e6;
    }
    stopApp();
    return r;
}

} // namespace

int main(int argc, char *argv[])
{
    prctl(PR_SET_CHILD_SUBREAPER, 1); // the window's children stay ours to count
    Desktop desktop(Desktop::WindowManager::Openbox, QSize(1024, 768));
    if (!desktop.isValid()) {
        std::fprintf(stderr, "bench_signin_desktop: %s\n", qPrintable(desktop.errorString()));
        return 1;
    }
    QGuiApplication app(argc, argv);
    Bench bench(desktop);
    if (!bench.startSandbox(QStringLiteral(SANDBOX_EXE))) {
        std::fprintf(stderr, "bench_signin_desktop: the sandbox did not start\n");
        return 1;
    }
    const QStringList designs =
        qEnvironmentVariable("BENCH_READINESS", QStringLiteral("intent,ahead")).split(u',');
    QList<QPair<QString, Result>> results;
    for (const QString &design : designs) {
        const Result r = bench.measure(design, QStringLiteral(APP_PATH));
        if (!r.failure.isEmpty()) {
            std::fprintf(stderr, "bench_signin_desktop (%s): %s\n", qPrintable(design),
                         qPrintable(r.failure));
            return 1;
        }
        results.append({design, r});
    }
    std::printf("The window's sign-in on a desktop (Xvfb + openbox, real X input), medians of "
                "%d:\n",
                Runs);
    std::printf("  %-9s %10s %10s %22s %18s %12s %6s %8s\n", "readiness", "hover->QR", "Enter->QR",
                "idle in use PSS (RSS)", "idle out of use", "back->ready", "flows", "window");
    for (const auto &[design, r] : results) {
        std::printf(
            "  %-9s %7.1f ms %7.1f ms %6.1f (%5.1f) MiB, %2.0f pr %9.1f MiB, %d pr %9s %6d "
            "%5.1f MiB\n",
            qPrintable(design), median(r.hoverMs), median(r.keyboardMs), median(r.idlePssMiB),
            median(r.idleRssMiB), median(r.idleProcesses), r.outOfUsePssMiB, r.outOfUseProcesses,
            r.backInUseMs < 0 ? "-"
                              : qPrintable(QStringLiteral("%1 ms").arg(r.backInUseMs, 0, 'f', 1)),
            r.flowsBeforeIntent, median(r.windowPssMiB));
    }
    std::printf("  (idle: PSS of every process the window started, beyond its own; in use: "
                "active, untouched; out of use: another window active for over a minute)\n");
    std::printf("  targets: hover <= 100 ms, keyboard <= 300 ms, idle <= 100 MiB, no flow "
                "before intent\n");
    for (const auto &[design, r] : results) {
        std::printf("  %s: hover %s, keyboard %s, idle in use %s, out of use %s, flows %s\n",
                    qPrintable(design), median(r.hoverMs) <= 100 ? "met" : "NOT met",
                    median(r.keyboardMs) <= 300 ? "met" : "NOT met",
                    median(r.idlePssMiB) <= 100 ? "met" : "NOT met",
                    r.outOfUsePssMiB <= 100 ? "met" : "NOT met",
                    r.flowsBeforeIntent == 0 ? "met" : "NOT met");
    }
    return 0;
}
