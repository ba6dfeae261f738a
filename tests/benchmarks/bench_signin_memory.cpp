// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// What one sign-in through wechat-login's window leaves running: the window process's RSS
// and the QtWebEngine processes under it (count and RSS) before the sign-in, with the QR
// up, and 5 s after the sign-in, for the two ways the window can sign in, each in a fresh
// process (this binary with --child):
//   helper      the window as it is: the dialog in a `wechat-login sign-in-helper` child
//   in-process  the dialog from the sign-in plugin in the window's own process (how the
//               window signed in before the helper)
// The process is a child subreaper, so Chromium processes that outlive their parent stay
// visible here. It checks that it measured a real sign-in: the sandbox served the QR image
// of the flow, and the window reached its signed-in page with the sandbox's user.

#include "sandboxhost.h"
#include "signinloader.h"
#include "signinplugin.h"
#include "testapp.h"
#include "testkeychain.h"
#include "testprocmem.h"
#include "testwait.h"
#include <WeChatLogin/sessionmanager.h>
#include <appconfig.h>
#include <appcontext.h>
#include <mainwindow.h>

// Qt
#include <QApplication>
#include <QDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <cstdio>
#include <memory>
#include <sys/prctl.h>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

constexpr int SettleMs = 5000; // "5 s after the sign-in"

QJsonObject measure()
{
    return {{QStringLiteral("host_mib"), statusKb(QStringLiteral("self"), "VmRSS") / 1024.0},
            {QStringLiteral("helpers"), int(descendantPids().size())},
            {QStringLiteral("helpers_mib"), helpersRssKb() / 1024.0}};
}

int child(bool inProcess)
{
    prctl(PR_SET_CHILD_SUBREAPER, 1); // orphaned Chromium processes stay ours to count
    const QString service = QLatin1String(AppConfig::KeychainService);
    const QString key = QLatin1String(AppConfig::SandboxStorageKey);
    rawDeleteAll(service, key);
    AppConfig config;
    QString error;
    // The sandbox confirms 3 s after the QR is shown: time to measure "QR up".
    if (!loadAppConfig({QStringLiteral("--auto-confirm-ms"), QStringLiteral("3000")}, &config,
                       &error)) {
        std::fprintf(stderr, "config: %s\n", qPrintable(error));
        return 1;
    }
    AppContext context(config);
    if (!context.start(&error)) {
        std::fprintf(stderr, "start: %s\n", qPrintable(error));
        return 1;
    }
    SandboxHost *sandbox = context.sandbox();
    MainWindow window(&context);
    window.setSignInProgram(QStringLiteral(APP_PATH));
    window.show();
    if (!waitWithoutSleeping([&] { return window.page() == MainWindow::Page::SignedOut; }, 15000)) {
        std::fprintf(stderr, "the window never showed its start page\n");
        return 1;
    }
    QTest::qWait(1000); // the start page's own work settles
    QJsonObject out{{QStringLiteral("before"), measure()}};

    QString uuid;
    QObject::connect(sandbox, &SandboxHost::qrCreated, [&](const QString &id) { uuid = id; });
    std::unique_ptr<QDialog> dialog;
    if (inProcess) {
        SignInPlugin *plugin = signInPlugin(&error);
        if (!plugin) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        dialog.reset(plugin->createLoginDialog(context.authConfig(), &window));
        QDialog *shown = dialog.get();
        QObject::connect(shown, &QDialog::accepted, [&context, plugin, shown] {
            context.sessionManager()->setSession(plugin->dialogSession(shown));
        });
        dialog->open();
    } else {
        window.signIn();
    }
    // "QR up": the flow's QR page has fetched its QR image from the sandbox.
    const auto qrServed = [&] {
        return !uuid.isEmpty() && sandbox->qrStatus(uuid) == SandboxHost::QrStatus::Waiting;
    };
    if (!waitWithoutSleeping(qrServed, 30000)) {
        std::fprintf(stderr, "the sign-in never showed a QR\n");
        return 1;
    }
    QTest::qWait(500); // painted
    out.insert(QStringLiteral("qr_up"), measure());
    if (!waitWithoutSleeping([&] { return window.page() == MainWindow::Page::SignedIn; }, 30000)
        || context.sessionManager()->session().nickname().isEmpty()) {
        std::fprintf(stderr, "the sign-in never completed\n");
        return 1;
    }
    dialog.reset();
    QTest::qWait(SettleMs);
    out.insert(QStringLiteral("after"), measure());
    out.insert(QStringLiteral("maps_webengine"), mapsWebEngine());
    rawDeleteAll(service, key);
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}

QJsonObject run(const QString &mode, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--child"), mode});
    if (!process.waitForFinished(120000) || process.exitCode() != 0) {
        process.kill();
        *error = mode + QStringLiteral(": the window process failed");
        return {};
    }
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

void print(const char *mode, const QJsonObject &r)
{
    std::printf("  %s\n", mode);
    for (const char *when : {"before", "qr_up", "after"}) {
        const QJsonObject m = r.value(QLatin1String(when)).toObject();
        std::printf("    %-8s host RSS %7.1f MiB   processes under it: %d, RSS %7.1f MiB\n", when,
                    m.value(QStringLiteral("host_mib")).toDouble(),
                    m.value(QStringLiteral("helpers")).toInt(),
                    m.value(QStringLiteral("helpers_mib")).toDouble());
    }
    const QJsonObject before = r.value(QStringLiteral("before")).toObject();
    const QJsonObject after = r.value(QStringLiteral("after")).toObject();
    std::printf("    5 s after: %d processes alive (target 0); host %+.1f MiB against before "
                "(target within 30); the host mapped QtWebEngine: %s\n",
                after.value(QStringLiteral("helpers")).toInt(),
                after.value(QStringLiteral("host_mib")).toDouble()
                    - before.value(QStringLiteral("host_mib")).toDouble(),
                r.value(QStringLiteral("maps_webengine")).toBool() ? "yes" : "no");
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc > 2 && qstrcmp(argv[1], "--child") == 0) {
        QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts); // as wechat-login's main()
        QApplication app(argc, argv);
        return child(qstrcmp(argv[2], "in-process") == 0);
    }
    QCoreApplication app(argc, argv);
    QString error;
    const QJsonObject helper = run(QStringLiteral("helper"), &error);
    const QJsonObject inProcess =
        error.isEmpty() ? run(QStringLiteral("in-process"), &error) : QJsonObject();
    if (!error.isEmpty()) {
        std::fprintf(stderr, "FAIL: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("wechat-login's window, one sign-in (sandbox mode, real keychain), memory\n");
    print("sign-in in a helper process (the window as it is)", helper);
    print("sign-in dialog in the window's process (before the helper)", inProcess);
    return 0;
}
