// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SandboxOptions and the command line of wechat-login-sandbox, declared once: the flags
// take their defaults from a default-constructed SandboxOptions.

#include "sandbox.h"

// Qt
#include <QCommandLineParser>

namespace WeChatLogin {

namespace {

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0);
}

QString eraName(SandboxOptions::ServerEra era)
{
    return era == SandboxOptions::ServerEra::Current ? QStringLiteral("current")
                                                     : QStringLiteral("legacy");
}

QString styleName(SandboxOptions::PageStyle style)
{
    return style == SandboxOptions::PageStyle::Legacy ? QStringLiteral("legacy")
                                                      : QStringLiteral("new");
}

// Reads one flag's value; on a bad value, names the flag in *error and returns false.
class Reader
{
public:
    Reader(const QCommandLineParser &parser, QString *error)
        : m_parser(parser)
        , m_error(error)
    {}

    bool secondsToMs(const QString &name, bool allowZero, qint64 *out)
    {
        bool ok = false;
        const double value = m_parser.value(name).toDouble(&ok);
        if (!ok || value < 0 || (!allowZero && value == 0) || value > 365.0 * 24 * 3600)
            return fail(QStringLiteral("--%1 needs a %2 number of seconds, not \"%3\"")
                            .arg(name, kind(allowZero), m_parser.value(name)));
        *out = qint64(value * 1000);
        return true;
    }

    bool milliseconds(const QString &name, bool allowZero, qint64 *out)
    {
        bool ok = false;
        const qint64 value = m_parser.value(name).toLongLong(&ok);
        if (!ok || value < 0 || (!allowZero && value == 0) || value > 24LL * 3600 * 1000)
            return fail(QStringLiteral("--%1 needs a %2 whole number of milliseconds, not \"%3\"")
                            .arg(name, kind(allowZero), m_parser.value(name)));
        *out = value;
        return true;
    }

    bool port(const QString &name, quint16 *out)
    {
        bool ok = false;
        const uint value = m_parser.value(name).toUInt(&ok);
        if (!ok || value > 65535)
            return fail(QStringLiteral("--%1 needs a port number (0-65535), not \"%2\"")
                            .arg(name, m_parser.value(name)));
        *out = quint16(value);
        return true;
    }

    template<typename Enum>
    bool oneOf(const QString &name, QString (*nameOf)(Enum), std::initializer_list<Enum> values,
               Enum *out)
    {
        const QString given = m_parser.value(name);
        QStringList names;
        for (Enum value : values) {
            if (nameOf(value) == given) {
                *out = value;
                return true;
            }
            names << nameOf(value);
        }
        return fail(QStringLiteral("--%1 is %2, not \"%3\"")
                        .arg(name, names.join(QLatin1String(" or ")), given));
    }

    bool fail(const QString &message)
    {
        if (m_error)
            *m_error = message;
        return false;
    }

private:
    static QString kind(bool allowZero)
    {
        return allowZero ? QStringLiteral("non-negative") : QStringLiteral("positive");
    }

    const QCommandLineParser &m_parser;
    QString *m_error;
};

} // namespace

QStringList SandboxOptions::defaultRedirectAllowList()
{
    return {QStringLiteral("http://127.0.0.1:*/**"), QStringLiteral("http://localhost:*/**"),
            QStringLiteral("wechatlogin://**")};
}

/*
 * Declares wechat-login-sandbox's flags on parser, with the defaults of a
 * default-constructed SandboxOptions (docs/SANDBOX.md lists them).
 */
void SandboxOptions::addOptions(QCommandLineParser &parser)
{
    const SandboxOptions d;
    parser.addOptions({
        {QStringLiteral("host"), QStringLiteral("Address to listen on (loopback)."),
         QStringLiteral("address"), d.host.toString()},
        {QStringLiteral("auth-port"),
         QStringLiteral("Port of the auth (GoTrue) origin; 0 picks a free one."),
         QStringLiteral("port"), QString::number(d.authPort)},
        {QStringLiteral("wechat-port"),
         QStringLiteral("Port of the WeChat origin; 0 picks a free one."), QStringLiteral("port"),
         QString::number(d.wechatPort)},
        {QStringLiteral("auto-confirm-ms"),
         QStringLiteral("Scan each new QR after N/2 ms and confirm it after N ms; 0 is off."),
         QStringLiteral("N"), QString::number(d.autoConfirmMs)},
        {QStringLiteral("flow-state-ttl"),
         QStringLiteral("Seconds a flow state lives after /authorize."), QStringLiteral("seconds"),
         seconds(d.flowStateTtlMs)},
        {QStringLiteral("qr-ttl"),
         QStringLiteral("Seconds a QR code lives before the page must reload."),
         QStringLiteral("seconds"), seconds(d.qrTtlMs)},
        {QStringLiteral("long-poll-ms"),
         QStringLiteral("How long the long poll holds a request before answering 408."),
         QStringLiteral("ms"), QString::number(d.longPollMs)},
        {QStringLiteral("jwt-exp"), QStringLiteral("Lifetime of access tokens, in seconds."),
         QStringLiteral("seconds"), seconds(d.jwtExpMs)},
        {QStringLiteral("refresh-reuse-interval"),
         QStringLiteral("Seconds a rotated refresh token may still be reused."),
         QStringLiteral("seconds"), seconds(d.refreshReuseIntervalMs)},
        {QStringLiteral("site-url"),
         QStringLiteral("The project's Site URL (the redirect fallback)."), QStringLiteral("url"),
         d.siteUrl.toString()},
        {QStringLiteral("redirect-allow"),
         QStringLiteral("A redirect URL allow-list glob; repeatable; replaces the default list "
                        "(%1).")
             .arg(d.redirectAllow.join(QLatin1String(", "))),
         QStringLiteral("glob")},
        {QStringLiteral("server-era"),
         QStringLiteral("Wire of GoTrue to reproduce: current or legacy."), QStringLiteral("era"),
         eraName(d.serverEra)},
        {QStringLiteral("page-style"),
         QStringLiteral("Markup of the WeChat QR page: legacy or new."), QStringLiteral("style"),
         styleName(d.pageStyle)},
        {QStringLiteral("tls-cert"),
         QStringLiteral("Serve the auth origin over HTTPS with this certificate chain (PEM); "
                        "needs --tls-key."),
         QStringLiteral("file")},
        {QStringLiteral("tls-key"),
         QStringLiteral("The private key (PEM, unencrypted) of --tls-cert."),
         QStringLiteral("file")},
    });
}

/*
 * The options a command line parsed with addOptions() asks for. A bad value gives
 * nullopt, with a sentence naming the flag in *errorString.
 */
std::optional<SandboxOptions> SandboxOptions::fromParser(const QCommandLineParser &parser,
                                                         QString *errorString)
{
    SandboxOptions o;
    Reader read(parser, errorString);
    o.host = QHostAddress(parser.value(QStringLiteral("host")));
    if (o.host.isNull()) {
        read.fail(QStringLiteral("--host needs an IP address, not \"%1\"")
                      .arg(parser.value(QStringLiteral("host"))));
        return std::nullopt;
    }
    o.siteUrl = QUrl(parser.value(QStringLiteral("site-url")), QUrl::StrictMode);
    const bool siteUrlOk =
        o.siteUrl.isValid() && !o.siteUrl.scheme().isEmpty() && !o.siteUrl.host().isEmpty();
    const bool ok = read.port(QStringLiteral("auth-port"), &o.authPort)
                    && read.port(QStringLiteral("wechat-port"), &o.wechatPort)
                    && read.milliseconds(QStringLiteral("auto-confirm-ms"), true, &o.autoConfirmMs)
                    && read.secondsToMs(QStringLiteral("flow-state-ttl"), false, &o.flowStateTtlMs)
                    && read.secondsToMs(QStringLiteral("qr-ttl"), false, &o.qrTtlMs)
                    && read.milliseconds(QStringLiteral("long-poll-ms"), false, &o.longPollMs)
                    && read.secondsToMs(QStringLiteral("jwt-exp"), false, &o.jwtExpMs)
                    && read.secondsToMs(QStringLiteral("refresh-reuse-interval"), true,
                                        &o.refreshReuseIntervalMs)
                    && (siteUrlOk
                        || read.fail(QStringLiteral("--site-url needs an absolute URL, not \"%1\"")
                                         .arg(parser.value(QStringLiteral("site-url")))))
                    && read.oneOf(QStringLiteral("server-era"), eraName,
                                  {ServerEra::Current, ServerEra::Legacy}, &o.serverEra)
                    && read.oneOf(QStringLiteral("page-style"), styleName,
                                  {PageStyle::Legacy, PageStyle::New}, &o.pageStyle);
    if (!ok)
        return std::nullopt;
    if (parser.isSet(QStringLiteral("redirect-allow")))
        o.redirectAllow = parser.values(QStringLiteral("redirect-allow"));
    o.tlsCertificateFile = parser.value(QStringLiteral("tls-cert"));
    o.tlsKeyFile = parser.value(QStringLiteral("tls-key"));
    if (o.tlsCertificateFile.isEmpty() != o.tlsKeyFile.isEmpty()) {
        read.fail(QStringLiteral("--tls-cert and --tls-key go together"));
        return std::nullopt;
    }
    return o;
}

} // namespace WeChatLogin
