// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login-sandbox: MemFire Auth + WeChat QR login on loopback (docs/SANDBOX.md).

#include "sandbox.h"

// Qt
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe calls here; the event loop does the rest.
    [[maybe_unused]] const auto written = ::write(signalPipe[0], &byte, 1);
}

[[noreturn]] void usageError(const QString &message)
{
    std::fprintf(stderr, "wechat-login-sandbox: %s\n", qPrintable(message));
    std::fprintf(stderr, "Try 'wechat-login-sandbox --help'.\n");
    std::exit(2);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("wechat-login-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WECHATLOGIN_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A local MemFire Auth (GoTrue) + WeChat website QR login server for development and "
        "tests.\nPrints one JSON line with its URLs and anon key once both origins listen."));
    parser.addHelpOption();
    parser.addVersionOption();
    WeChatLogin::SandboxOptions::addOptions(parser);
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        usageError(QStringLiteral("unexpected argument \"%1\"")
                       .arg(parser.positionalArguments().constFirst()));
    QString error;
    const auto options = WeChatLogin::SandboxOptions::fromParser(parser, &error);
    if (!options)
        usageError(error);

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0) {
        std::perror("wechat-login-sandbox: socketpair");
        return 1;
    }
    QSocketNotifier notifier(signalPipe[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app,
                     [] { QCoreApplication::quit(); });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    WeChatLogin::Sandbox sandbox(*options);
    if (!sandbox.start(&error)) {
        std::fprintf(stderr, "wechat-login-sandbox: %s\n", qPrintable(error));
        return 1;
    }
    const QByteArray line = sandbox.readyLine() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);

    const int rc = QCoreApplication::exec();
    sandbox.stop();
    return rc;
}
