// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// LoginDialog benchmark: from show() to the QR painted, against the in-process sandbox,
// compared with headless Chromium loading the same page from a cold start. Prints
// numbers; it checks only that every run really painted the sandbox's QR: a frame counts
// as painted only when its QR decodes (in process, ZXing-C++) to the virtual phone URL of
// a QR the sandbox made, and the parent decodes every counted frame again.
//
// Each run is a fresh OS process (this binary with --child), so "cold" means a cold
// process (the system's file cache stays warm, as it would for a user):
//   cold       spawn -> QApplication -> LoginDialog made and shown -> QR painted
//   warm       a second dialog in the same process, once the first has closed
//   prewarmed  LoginWidget::prewarm() at start-up, the dialog made and shown 1.5 s later
//              (an app's start-up, then the user's click)
//   prewarmed-flow  LoginWidget::prewarm(config) at start-up: the flow and its QR page
//              loaded hidden; the dialog made and shown once that QR is up
// "open" is the user's click: constructing the dialog plus show(). "Painted" is when the
// first frame of the view that shows the QR was grabbed (it is grabbed after each paint of
// the view and decoded; a dark or half-styled frame never counts).
//   chromium   `chromium --headless --screenshot` of the same /authorize URL, spawn -> the
//              screenshot written (it is taken once the page's load event has fired)
// Memory: the dialog process's peak RSS (VmHWM), and the QtWebEngineProcess helpers'
// RSS while the QR is up.

#include "testbench.h"
#include "testhttp.h"
#include "testprocmem.h"
#include "testqr.h"
#include "testwait.h"
#include "testwebengine.h"
#include <WeChatLogin/logindialog.h>
#include <WeChatLogin/loginwidget.h>

// Qt
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileSystemWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebEnginePage>
#include <QWebEngineView>

#include <algorithm>
#include <chrono>
#include <cstdio>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

constexpr int Runs = 5;

// CLOCK_MONOTONIC: one clock for every process on the machine.
qint64 us(std::chrono::steady_clock::time_point at)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count();
}

qint64 nowUs()
{
    return us(std::chrono::steady_clock::now());
}

double ms(qint64 us)
{
    return us / 1000.0;
}

// ---- the dialog process ------------------------------------------------------------

qint64 g_mainUs = 0; // when main() began

// The moments of one dialog, for the cold path's breakdown: made (QtWebEngine, profile,
// page), the page's navigation started, WeChat's QR page committed (GoTrue's /authorize
// redirect and WeChat's /qrconnect answered), loaded (its QR image and scripts), the QR
// reported fitted, and the first frame showing it.
struct Shown
{
    qint64 showUs = 0, madeUs = 0, navigationUs = 0, wechatUs = 0, loadedUs = 0, qrEventUs = 0,
           paintedUs = 0;
    bool ok = false;
};

// A dialog's steps from open to painted, as "<prefix><step>_ms".
void insertSteps(QJsonObject *out, const QString &prefix, const Shown &s)
{
    if (!s.navigationUs || !s.wechatUs || !s.loadedUs)
        return;
    const auto put = [&](const char *step, qint64 us) {
        out->insert(prefix + QLatin1String(step) + QLatin1String("_ms"), ms(us));
    };
    put("made", s.madeUs - s.showUs);
    put("navigation", s.navigationUs - s.madeUs);
    put("hops", s.wechatUs - s.navigationUs);
    put("load", s.loadedUs - s.wechatUs);
    put("fit", s.qrEventUs - s.loadedUs);
    put("paint", s.paintedUs - s.qrEventUs);
}

Shown showDialog(const AuthConfig &config, const QString &phoneUrlPrefix, const QString &framePath,
                 qint64 *helpersKb)
{
    Shown s;
    s.showUs = nowUs(); // the user's click: the dialog is made and shown
    LoginDialog dialog(config);
    s.madeUs = nowUs();
    QObject::connect(dialog.loginWidget(), &LoginWidget::qrShown, [&] { s.qrEventUs = nowUs(); });
    QWebEnginePage *page = dialog.loginWidget()->webView()->page();
    QObject::connect(page, &QWebEnginePage::loadStarted, [&] {
        if (!s.navigationUs)
            s.navigationUs = nowUs();
    });
    QObject::connect(page, &QWebEnginePage::urlChanged, [&](const QUrl &url) {
        if (!s.wechatUs && url.path().endsWith(QLatin1String("/connect/qrconnect")))
            s.wechatUs = nowUs();
    });
    QObject::connect(page, &QWebEnginePage::loadFinished, [&](bool ok) {
        if (ok && s.wechatUs && !s.loadedUs)
            s.loadedUs = nowUs();
    });
    if (dialog.loginWidget()->state() == LoginWidget::State::QrShown)
        s.qrEventUs = s.showUs; // a pre-warmed flow: its page reported the QR before
    dialog.show();
    // This process cannot see the parent's sandbox: it accepts any QR of the sandbox's
    // WeChat origin, and the parent checks that the saved frame is one it made.
    const PaintedQr painted = waitForQrPainted(
        dialog.loginWidget()->webView(),
        [&](const QString &text) { return text.startsWith(phoneUrlPrefix); }, 30000);
    s.paintedUs = us(painted.grabbedAt);
    // The frame can show the QR before the page's load event has reached the widget.
    const bool reported = QTest::qWaitFor([&] { return s.qrEventUs > 0; }, 10000);
    s.ok = !painted.isNull() && reported && painted.frame.save(framePath);
    if (!s.ok)
        std::fprintf(stderr, "dialog: %s\n",
                     painted.isNull()   ? "no frame showed the QR within 30 s"
                     : s.qrEventUs == 0 ? "the widget never reported the QR"
                                        : "the frame could not be saved");
    if (helpersKb)
        *helpersKb = helpersRssKb();
    dialog.reject();
    return s;
}

int child(const QStringList &args)
{
    // --child <cold|prewarmed> <spawnUs> <authUrl> <anonKey> <wechatUrl> <frameDir>
    if (args.size() != 8) {
        std::fprintf(stderr, "usage: bench_logindialog --child <cold|prewarmed> <spawnUs> "
                             "<authUrl> <anonKey> <wechatUrl> <frameDir>\n");
        return 2;
    }
    const bool prewarmedFlow = args.at(2) == QLatin1String("prewarmed-flow");
    const bool prewarmed = prewarmedFlow || args.at(2) == QLatin1String("prewarmed");
    const qint64 spawnUs = args.at(3).toLongLong();
    AuthConfig config{QUrl(args.at(4)), args.at(5)};
    config.setRedirectUrl(QUrl(args.at(4) + QStringLiteral("/app/callback")));
    const QUrl wechatUrl(args.at(6));
    config.setTrustedHosts({wechatUrl.authority()});
    const QString phoneUrlPrefix = wechatUrl.toString() + QStringLiteral("/connect/confirm?uuid=");
    const QString &frameDir = args.at(7);

    QJsonObject out;
    out.insert(QStringLiteral("main_ms"), ms(g_mainUs - spawnUs));
    out.insert(QStringLiteral("app_ms"), ms(nowUs() - g_mainUs)); // QApplication made
    if (prewarmedFlow) {
        LoginWidget::prewarm(config);
        const auto warmQrUp = [] {
            for (QWidget *w : QApplication::topLevelWidgets()) {
                auto *warm = qobject_cast<LoginWidget *>(w);
                if (warm && warm->state() == LoginWidget::State::QrShown)
                    return true;
            }
            return false;
        };
        if (!QTest::qWaitFor(warmQrUp, 30000)) {
            std::fprintf(stderr, "dialog: the pre-warmed flow never showed its QR\n");
            return 1;
        }
    } else if (prewarmed) {
        LoginWidget::prewarm();
        QEventLoop idle;
        QTimer::singleShot(1500, &idle, &QEventLoop::quit);
        idle.exec();
    }
    qint64 helpersKb = 0;
    const Shown first =
        showDialog(config, phoneUrlPrefix, frameDir + QStringLiteral("/first.png"), nullptr);
    out.insert(QStringLiteral("spawn_to_painted_ms"), ms(first.paintedUs - spawnUs));
    out.insert(QStringLiteral("show_to_qr_event_ms"), ms(first.qrEventUs - first.showUs));
    out.insert(QStringLiteral("show_to_painted_ms"), ms(first.paintedUs - first.showUs));
    insertSteps(&out, QString(), first);
    bool ok = first.ok;
    if (!prewarmed) {
        const Shown second = showDialog(config, phoneUrlPrefix,
                                        frameDir + QStringLiteral("/second.png"), &helpersKb);
        out.insert(QStringLiteral("warm_show_to_painted_ms"), ms(second.paintedUs - second.showUs));
        insertSteps(&out, QStringLiteral("warm_"), second);
        ok = ok && second.ok;
    }
    out.insert(QStringLiteral("helpers_rss_kb"), helpersKb);
    out.insert(QStringLiteral("peak_rss_kb"), statusKb(QStringLiteral("self"), "VmHWM"));
    out.insert(QStringLiteral("ok"), ok);
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return ok ? 0 : 1;
}

// ---- the parent ----------------------------------------------------------------------

QJsonObject runDialog(SandboxFixture &f, const QString &mode, QString *error)
{
    QTemporaryDir frames;
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const QStringList args{QStringLiteral("--child"),
                           mode,
                           QString::number(nowUs()),
                           f.sandbox().authUrl().toString(),
                           f.sandbox().anonKey(),
                           f.sandbox().wechatUrl().toString(),
                           frames.path()};
    const int before = f.requestCount(QStringLiteral("/auth/v1/authorize"));
    process.start(QCoreApplication::applicationFilePath(), args);
    if (!waitWithoutSleeping([&] { return process.state() == QProcess::NotRunning; }, 90000)) {
        process.kill();
        process.waitForFinished();
        *error = mode + QStringLiteral(": timed out");
        return {};
    }
    QJsonObject result = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    if (process.exitCode() != 0 || !result.value(QStringLiteral("ok")).toBool()) {
        *error = mode + QStringLiteral(": the dialog process failed");
        return {};
    }
    // Every counted frame carries the phone URL of a QR the sandbox made.
    const QStringList pngs =
        QDir(frames.path()).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
    for (const QString &png : pngs) {
        const QString text = decodeQrFile(frames.filePath(png));
        if (!f.isSandboxQr(text)) {
            *error = QStringLiteral("%1: the frame counted as painted (%2) decodes to \"%3\"")
                         .arg(mode, png, text);
            return {};
        }
    }
    if (f.requestCount(QStringLiteral("/auth/v1/authorize")) - before != pngs.size()) {
        *error = mode + QStringLiteral(": expected one /authorize per dialog");
        return {};
    }
    return result;
}

double runChromium(SandboxFixture &f, const QString &chromium, QString *error)
{
    QTemporaryDir dir;
    const QString shot = dir.filePath(QStringLiteral("qr.png"));
    const QUrl url =
        f.authorizeUrl(f.sandbox().authUrl().toString() + QStringLiteral("/app/callback"),
                       QLatin1String(kRfcChallenge));
    QFileSystemWatcher watcher({dir.path()});
    qint64 writtenUs = 0;
    QObject::connect(&watcher, &QFileSystemWatcher::directoryChanged, [&] {
        if (!writtenUs && QFileInfo(shot).size() > 0)
            writtenUs = nowUs();
    });
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels); // its chatter stays here
    const qint64 spawnUs = nowUs();
    process.start(chromium, {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"),
                             QStringLiteral("--disable-gpu"), QStringLiteral("--no-first-run"),
                             QStringLiteral("--user-data-dir=") + dir.filePath("profile"),
                             QStringLiteral("--window-size=360,440"),
                             QStringLiteral("--screenshot=") + shot, url.toString()});
    const bool done =
        waitWithoutSleeping([&] { return process.state() == QProcess::NotRunning; }, 90000);
    if (!done)
        process.kill();
    process.waitForFinished();
    if (!writtenUs && QFileInfo(shot).size() > 0) // written and closed between two events
        writtenUs = nowUs();
    const QString text = decodeQrFile(shot);
    if (!done || !writtenUs || !f.isSandboxQr(text)) {
        *error = QStringLiteral("chromium: no screenshot of the QR (%1)").arg(text);
        return 0;
    }
    return ms(writtenUs - spawnUs);
}

struct Row
{
    QString name;
    QList<double> values;
};

void print(const Row &row, const QString &unit = QStringLiteral("ms"))
{
    QList<double> v = row.values;
    std::sort(v.begin(), v.end());
    std::printf("  %-44s median %8.1f %s   min %8.1f   max %8.1f   (n=%lld)\n",
                qPrintable(row.name), v.at(v.size() / 2), qPrintable(unit), v.first(), v.last(),
                static_cast<long long>(v.size()));
}

} // namespace

int main(int argc, char *argv[])
{
    g_mainUs = nowUs();
    if (argc > 1 && qstrcmp(argv[1], "--child") == 0) {
        QApplication app(argc, argv);
        return child(app.arguments());
    }
    QCoreApplication app(argc, argv);
    const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
    if (chromium.isEmpty()) {
        std::fprintf(stderr, "bench_logindialog needs chromium (the README's test command "
                             "installs it)\n");
        return 1;
    }
    SandboxFixture f;
    Row coldSpawn{QStringLiteral("cold process: spawn -> QR painted"), {}};
    Row coldMain{QStringLiteral("cold process: spawn -> main()"), {}};
    Row coldShow{QStringLiteral("cold process: open -> QR painted"), {}};
    Row coldEvent{QStringLiteral("cold process: open -> page's QR load event"), {}};
    Row warm{QStringLiteral("second dialog: open -> QR painted"), {}};
    Row preShow{QStringLiteral("pre-warmed engine: open -> QR painted"), {}};
    Row preFlow{QStringLiteral("pre-warmed flow: open -> QR painted"), {}};
    Row chrome{QStringLiteral("headless Chromium: spawn -> QR screenshot"), {}};
    // Where the cold path's time goes, step by step (they add up to spawn -> painted).
    Row stepMain{QStringLiteral("  1 spawn -> main()"), {}};
    Row stepApp{QStringLiteral("  2 main() -> QApplication"), {}};
    Row stepMade{QStringLiteral("  3 open -> dialog made (QtWebEngine, profile, page)"), {}};
    Row stepNav{QStringLiteral("  4 made -> navigation started (show, layout)"), {}};
    Row stepHops{QStringLiteral("  5 -> WeChat's page committed (renderer start, 2 hops)"), {}};
    Row stepLoad{QStringLiteral("  6 -> page loaded (QR image, scripts)"), {}};
    Row stepFit{QStringLiteral("  7 -> QR reported fitted (restyle, 2 frames)"), {}};
    Row stepPaint{QStringLiteral("  8 -> first frame showing it"), {}};
    // The same for a second dialog in the same process (open -> painted).
    Row warmMade{QStringLiteral("  3 open -> dialog made (profile reused, page)"), {}};
    Row warmNav{QStringLiteral("  4 made -> navigation started (show, layout)"), {}};
    Row warmHops{QStringLiteral("  5 -> WeChat's page committed (renderer start, 2 hops)"), {}};
    Row warmLoad{QStringLiteral("  6 -> page loaded (QR image, scripts)"), {}};
    Row warmFit{QStringLiteral("  7 -> QR reported fitted (restyle, 2 frames)"), {}};
    Row warmPaint{QStringLiteral("  8 -> first frame showing it"), {}};
    Row peak{QStringLiteral("dialog process peak RSS (VmHWM)"), {}};
    Row helpers{QStringLiteral("QtWebEngineProcess helpers' RSS, QR up"), {}};
    QString error;
    for (int run = 0; run < Runs && error.isEmpty(); ++run) {
        const QJsonObject cold = runDialog(f, QStringLiteral("cold"), &error);
        if (!error.isEmpty())
            break;
        coldSpawn.values << cold.value(QStringLiteral("spawn_to_painted_ms")).toDouble();
        coldMain.values << cold.value(QStringLiteral("main_ms")).toDouble();
        const auto step = [&cold](Row &row, const char *key) {
            row.values << cold.value(QLatin1String(key)).toDouble();
        };
        step(stepMain, "main_ms");
        step(stepApp, "app_ms");
        step(stepMade, "made_ms");
        step(stepNav, "navigation_ms");
        step(stepHops, "hops_ms");
        step(stepLoad, "load_ms");
        step(stepFit, "fit_ms");
        step(stepPaint, "paint_ms");
        step(warmMade, "warm_made_ms");
        step(warmNav, "warm_navigation_ms");
        step(warmHops, "warm_hops_ms");
        step(warmLoad, "warm_load_ms");
        step(warmFit, "warm_fit_ms");
        step(warmPaint, "warm_paint_ms");
        coldShow.values << cold.value(QStringLiteral("show_to_painted_ms")).toDouble();
        coldEvent.values << cold.value(QStringLiteral("show_to_qr_event_ms")).toDouble();
        warm.values << cold.value(QStringLiteral("warm_show_to_painted_ms")).toDouble();
        peak.values << cold.value(QStringLiteral("peak_rss_kb")).toDouble() / 1024.0;
        helpers.values << cold.value(QStringLiteral("helpers_rss_kb")).toDouble() / 1024.0;
        const QJsonObject pre = runDialog(f, QStringLiteral("prewarmed"), &error);
        if (!error.isEmpty())
            break;
        preShow.values << pre.value(QStringLiteral("show_to_painted_ms")).toDouble();
        const QJsonObject flow = runDialog(f, QStringLiteral("prewarmed-flow"), &error);
        if (!error.isEmpty())
            break;
        preFlow.values << flow.value(QStringLiteral("show_to_painted_ms")).toDouble();
        const double c = runChromium(f, chromium, &error);
        if (!error.isEmpty())
            break;
        chrome.values << c;
    }
    if (!error.isEmpty()) {
        std::fprintf(stderr, "FAIL: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("LoginDialog, QR painted (%d runs each, one OS process per run, sandbox over "
                "loopback)\n",
                Runs);
    for (const Row &row :
         {coldSpawn, coldMain, coldShow, coldEvent, warm, preShow, preFlow, chrome})
        print(row);
    std::printf("Where a cold process's time goes (the steps add up to spawn -> QR painted):\n");
    for (const Row &row :
         {stepMain, stepApp, stepMade, stepNav, stepHops, stepLoad, stepFit, stepPaint})
        print(row);
    std::printf("Where a second dialog's time goes (the steps add up to open -> QR painted):\n");
    for (const Row &row : {warmMade, warmNav, warmHops, warmLoad, warmFit, warmPaint})
        print(row);
    print(peak, QStringLiteral("MiB"));
    print(helpers, QStringLiteral("MiB"));
    std::printf("  ratio, medians: cold dialog / headless Chromium = %.2f; pre-warmed open / "
                "Chromium = %.2f\n",
                median(coldSpawn.values) / median(chrome.values),
                median(preShow.values) / median(chrome.values));
    std::printf("  targets: pre-warmed flow open -> QR painted under 50 ms (%.1f); a second "
                "dialog under 150 ms (%.1f); cold spawn under 0.3x Chromium (%.2f)\n",
                median(preFlow.values), median(warm.values),
                median(coldSpawn.values) / median(chrome.values));
    return 0;
}
