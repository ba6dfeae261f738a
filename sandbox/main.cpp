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

qint64 secondsToMs(const QCommandLineParser &parser, const QString &name, bool allowZero)
{
    bool ok = false;
    const double seconds = parser.value(name).toDouble(&ok);
    if (!ok || seconds < 0 || (!allowZero && seconds == 0) || seconds > 365.0 * 24 * 3600)
        usageError(QStringLiteral("--%1 needs a %2 number of seconds, not \"%3\"")
                       .arg(name,
                            allowZero ? QStringLiteral("non-negative") : QStringLiteral("positive"),
                            parser.value(name)));
    return qint64(seconds * 1000);
}

qint64 milliseconds(const QCommandLineParser &parser, const QString &name, bool allowZero)
{
    bool ok = false;
    const qint64 ms = parser.value(name).toLongLong(&ok);
    if (!ok || ms < 0 || (!allowZero && ms == 0) || ms > 24LL * 3600 * 1000)
        usageError(QStringLiteral("--%1 needs a %2 whole number of milliseconds, not \"%3\"")
                       .arg(name,
                            allowZero ? QStringLiteral("non-negative") : QStringLiteral("positive"),
                            parser.value(name)));
    return ms;
}

quint16 port(const QCommandLineParser &parser, const QString &name)
{
    bool ok = false;
    const uint value = parser.value(name).toUInt(&ok);
    if (!ok || value > 65535)
        usageError(QStringLiteral("--%1 needs a port number (0-65535), not \"%2\"")
                       .arg(name, parser.value(name)));
    return quint16(value);
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
    parser.addOptions({
        {QStringLiteral("host"), QStringLiteral("Address to listen on (loopback)."),
         QStringLiteral("address"), QStringLiteral("127.0.0.1")},
        {QStringLiteral("auth-port"),
         QStringLiteral("Port of the auth (GoTrue) origin; 0 picks a free one."),
         QStringLiteral("port"), QStringLiteral("0")},
        {QStringLiteral("wechat-port"),
         QStringLiteral("Port of the WeChat origin; 0 picks a free one."), QStringLiteral("port"),
         QStringLiteral("0")},
        {QStringLiteral("auto-confirm-ms"),
         QStringLiteral("Scan each new QR after N/2 ms and confirm it after N ms; 0 is off."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("flow-state-ttl"),
         QStringLiteral("Seconds a flow state lives after /authorize."), QStringLiteral("seconds"),
         QStringLiteral("300")},
        {QStringLiteral("qr-ttl"),
         QStringLiteral("Seconds a QR code lives before the page must reload."),
         QStringLiteral("seconds"), QStringLiteral("300")},
        {QStringLiteral("long-poll-ms"),
         QStringLiteral("How long the long poll holds a request before answering 408."),
         QStringLiteral("ms"), QStringLiteral("25000")},
        {QStringLiteral("jwt-exp"), QStringLiteral("Lifetime of access tokens, in seconds."),
         QStringLiteral("seconds"), QStringLiteral("3600")},
        {QStringLiteral("refresh-reuse-interval"),
         QStringLiteral("Seconds a rotated refresh token may still be reused."),
         QStringLiteral("seconds"), QStringLiteral("0")},
        {QStringLiteral("site-url"),
         QStringLiteral("The project's Site URL (the redirect fallback)."), QStringLiteral("url"),
         QStringLiteral("http://127.0.0.1:3000")},
        {QStringLiteral("redirect-allow"),
         QStringLiteral("A redirect URL allow-list glob; repeatable; replaces the default list."),
         QStringLiteral("glob")},
        {QStringLiteral("server-era"),
         QStringLiteral("Wire of GoTrue to reproduce: current or legacy."), QStringLiteral("era"),
         QStringLiteral("current")},
        {QStringLiteral("page-style"),
         QStringLiteral("Markup of the WeChat QR page: legacy or new."), QStringLiteral("style"),
         QStringLiteral("legacy")},
    });
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        usageError(QStringLiteral("unexpected argument \"%1\"")
                       .arg(parser.positionalArguments().constFirst()));

    WeChatLogin::SandboxOptions options;
    options.host = QHostAddress(parser.value(QStringLiteral("host")));
    if (options.host.isNull())
        usageError(QStringLiteral("--host needs an IP address, not \"%1\"")
                       .arg(parser.value(QStringLiteral("host"))));
    options.authPort = port(parser, QStringLiteral("auth-port"));
    options.wechatPort = port(parser, QStringLiteral("wechat-port"));
    options.autoConfirmMs = milliseconds(parser, QStringLiteral("auto-confirm-ms"), true);
    options.flowStateTtlMs = secondsToMs(parser, QStringLiteral("flow-state-ttl"), false);
    options.qrTtlMs = secondsToMs(parser, QStringLiteral("qr-ttl"), false);
    options.longPollMs = milliseconds(parser, QStringLiteral("long-poll-ms"), false);
    options.jwtExpMs = secondsToMs(parser, QStringLiteral("jwt-exp"), false);
    options.refreshReuseIntervalMs =
        secondsToMs(parser, QStringLiteral("refresh-reuse-interval"), true);
    options.siteUrl = QUrl(parser.value(QStringLiteral("site-url")), QUrl::StrictMode);
    if (!options.siteUrl.isValid() || options.siteUrl.scheme().isEmpty()
        || options.siteUrl.host().isEmpty())
        usageError(QStringLiteral("--site-url needs an absolute URL, not \"%1\"")
                       .arg(parser.value(QStringLiteral("site-url"))));
    if (parser.isSet(QStringLiteral("redirect-allow")))
        options.redirectAllow = parser.values(QStringLiteral("redirect-allow"));
    const QString era = parser.value(QStringLiteral("server-era"));
    if (era == QLatin1String("current"))
        options.serverEra = WeChatLogin::SandboxOptions::ServerEra::Current;
    else if (era == QLatin1String("legacy"))
        options.serverEra = WeChatLogin::SandboxOptions::ServerEra::Legacy;
    else
        usageError(QStringLiteral("--server-era is current or legacy, not \"%1\"").arg(era));
    const QString style = parser.value(QStringLiteral("page-style"));
    if (style == QLatin1String("legacy"))
        options.pageStyle = WeChatLogin::SandboxOptions::PageStyle::Legacy;
    else if (style == QLatin1String("new"))
        options.pageStyle = WeChatLogin::SandboxOptions::PageStyle::New;
    else
        usageError(QStringLiteral("--page-style is legacy or new, not \"%1\"").arg(style));

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

    WeChatLogin::Sandbox sandbox(options);
    QString error;
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
