// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The doctor's checks of the configuration and the server: GoTrue's /settings, the clock
// against its Date header (the redirect URLs: doctorredirect.cpp).

#include "appcontext.h"
#include "doctorchecks_p.h"
#include <WeChatLogin/authclient.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkInformation>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

namespace WeChatLogin::DoctorChecks {

namespace {

constexpr int RequestTimeoutMs = 15000;

QString sourceOf(const AppConfig &config, const QString &key)
{
    switch (config.source(key)) {
    case AppConfig::Source::CommandLine:
        return Doctor::tr("command line");
    case AppConfig::Source::Environment:
        return Doctor::tr("environment");
    case AppConfig::Source::File:
        return Doctor::tr("INI file");
    case AppConfig::Source::Default:
        break;
    }
    return Doctor::tr("default");
}

// The anon key's role claim (a JWT; no signature check, nothing secret is shown).
QString keyRole(const QString &key)
{
    const auto claims = Session::decodeJwtClaims(key);
    return claims ? claims->value(QLatin1String("role")).toString() : QString();
}

QString describeFailure(const Answer &a)
{
    if (!a.finished)
        return Doctor::tr("no answer within %1 s").arg(RequestTimeoutMs / 1000);
    return a.errorString;
}

bool isProxyError(const Answer &a)
{
    switch (a.error) {
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return true;
    default:
        return false;
    }
}

// Where a backend can tell (NetworkManager on Linux, Windows, macOS): whether the system
// sees a captive portal. False when it cannot tell.
bool systemReportsCaptivePortal()
{
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::CaptivePortal))
        return false;
    return QNetworkInformation::instance()->isBehindCaptivePortal();
}

bool isTlsError(const Answer &a)
{
    return a.error == QNetworkReply::SslHandshakeFailedError;
}

QString origin(const QUrl &url)
{
    return url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
        .toString(QUrl::RemoveUserInfo);
}

} // namespace

QUrl withoutQuery(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo
                        | QUrl::StripTrailingSlash);
}

Answer fetch(QNetworkAccessManager &network, const AppContext &context, const QUrl &url, bool api)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    const qint64 left = context.deadline().remainingTime();
    const int timeoutMs =
        left < 0 ? RequestTimeoutMs : int(std::min<qint64>(left, RequestTimeoutMs));
    request.setTransferTimeout(std::max(1, timeoutMs));
    if (api) {
        const QByteArray key = context.authConfig().anonKey().toUtf8();
        request.setRawHeader("apikey", key);
        request.setRawHeader("Authorization", "Bearer " + key);
    }
    Answer a;
    QNetworkReply *reply = network.get(request);
    QEventLoop loop;
    // No GoTrue answer or sign-in page comes near this: a body that never ends (a portal,
    // a proxy) is cut off, not read for the whole timeout.
    QObject::connect(reply, &QNetworkReply::downloadProgress, &loop,
                     [&a, reply, &loop](qint64 received, qint64 total) {
                         if (received > AuthClient::MaxAnswerBytes
                             || total > AuthClient::MaxAnswerBytes) {
                             a.tooLarge = true;
                             reply->abort();
                             loop.quit();
                         }
                     });
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
    guard.start(timeoutMs + 1000);
    loop.exec();
    a.finished = reply->isFinished();
    if (!a.finished)
        reply->abort();
    a.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    a.error = reply->error();
    a.errorString = reply->errorString();
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.contentType = reply->rawHeader("Content-Type");
    a.body = a.tooLarge ? QByteArray() : reply->read(AuthClient::MaxAnswerBytes);
    const QVariant location = reply->header(QNetworkRequest::LocationHeader);
    if (location.isValid())
        a.location = url.resolved(location.toUrl());
    if (reply->hasRawHeader("Date")) // an HTTP-date: "Mon, 30 Nov 2026 08:00:00 GMT"
        a.serverDate = QLocale::c().toDateTime(QString::fromLatin1(reply->rawHeader("Date")),
                                               QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
    if (a.serverDate.isValid())
        a.serverDate.setTimeSpec(Qt::UTC);
    reply->deleteLater();
    return a;
}

Check configuration(const AppContext &context)
{
    const AppConfig &config = context.config();
    Check c{QStringLiteral("configuration"), Status::Ok, Doctor::tr("Configuration"), {}, {}};
    if (context.isSandbox()) {
        c.detail =
            Doctor::tr("nothing configured: sandbox mode, against the built-in sandbox at %1 "
                       "(no real WeChat account is involved)")
                .arg(origin(context.authConfig().projectUrl()));
        return c;
    }
    QStringList parts;
    parts << Doctor::tr("project URL %1 (%2)")
                 .arg(context.authConfig().projectUrl().toString(QUrl::RemoveUserInfo),
                      sourceOf(config, QStringLiteral("url")));
    const QString role = keyRole(config.anonKey());
    parts << Doctor::tr("anon key set (%1), role %2")
                 .arg(sourceOf(config, QStringLiteral("anon_key")),
                      role.isEmpty() ? Doctor::tr("unknown") : role);
    parts << (config.redirectTo().isEmpty()
                  ? Doctor::tr("no redirect URL: GoTrue uses the project's Site URL")
                  : Doctor::tr("redirect URL %1 (%2)")
                        .arg(config.redirectTo(), sourceOf(config, QStringLiteral("redirect_to"))));
    parts << Doctor::tr("provider %1").arg(context.authConfig().provider());
    if (!config.network().caFile().isEmpty())
        parts << Doctor::tr("CA file %1 (%2 certificates, %3)")
                     .arg(config.network().caFile())
                     .arg(config.network().caCertificates().size())
                     .arg(sourceOf(config, QStringLiteral("ca_file")));
    parts << Doctor::tr("settings file %1").arg(AppConfig::filePath());
    c.detail = parts.join(Doctor::tr("; ", "between the parts of a check's detail"));
    if (role != QLatin1String("anon")) {
        c.status = Status::Warning;
        c.fix = Doctor::tr("Use the project's anon (public) key from MemFire Cloud → 设置 → API.");
    }
    return c;
}

Check server(const AppContext &context, QNetworkAccessManager &network, Answer *answer)
{
    Check c{QStringLiteral("server"), Status::Failed, Doctor::tr("Server"), {}, {}};
    QUrl url = context.authConfig().projectUrl();
    url.setPath(url.path() + QStringLiteral("/auth/v1/settings"));
    *answer = fetch(network, context, url, true);
    const Answer &a = *answer;
    const QString where = origin(url);
    if (isProxyError(a)) {
        const bool credentials = a.error == QNetworkReply::ProxyAuthenticationRequiredError;
        c.detail = credentials ? Doctor::tr("the proxy asks for a user name and password")
                               : Doctor::tr("the proxy could not be used: %1").arg(a.errorString);
        c.fix = credentials ? Doctor::tr("Give them in the proxy setting: "
                                         "http://user:password@host:port.")
                            : Doctor::tr("Check the proxy setting (--proxy, WECHAT_LOGIN_PROXY or "
                                         "the system's).");
        return c;
    }
    if (a.tooLarge) {
        c.detail = Doctor::tr("%1 answered with more than %2 KiB and did not stop: not GoTrue "
                              "(a captive portal, a proxy, or a wrong URL)")
                       .arg(where)
                       .arg(AuthClient::MaxAnswerBytes / 1024);
        c.fix = Doctor::tr("Sign in to the network in a browser first, or correct --url "
                           "(https://<ref>.baseapi.memfiredb.com).");
        return c;
    }
    if (!a.finished || (a.error != QNetworkReply::NoError && a.status == 0)) {
        c.detail = Doctor::tr("%1 cannot be reached: %2").arg(where, describeFailure(a));
        if (systemReportsCaptivePortal()) {
            c.detail = Doctor::tr("%1 cannot be reached: %2; the system reports a captive "
                                  "portal (the network's sign-in page)")
                           .arg(where, describeFailure(a));
            c.fix = Doctor::tr("Sign in to the network in a browser first.");
            return c;
        }
        c.fix =
            isTlsError(a)
                ? Doctor::tr("The server's certificate was refused (this is never overridden): fix "
                             "the system clock, or install your network's CA certificate in the "
                             "system store (or pass --ca-file).")
                : Doctor::tr("Check the network connection, the proxy (see below) and --url.");
        return c;
    }
    if (a.status >= 300 && a.status < 400) {
        c.detail =
            Doctor::tr("%1 answered with a redirect to %2 instead of GoTrue's settings: a captive "
                       "portal (a network's sign-in page) or a proxy is in the way, or the URL "
                       "is not the project's")
                .arg(where, origin(a.location));
        c.fix = Doctor::tr("Sign in to the network in a browser first, or correct --url "
                           "(https://<ref>.baseapi.memfiredb.com).");
        return c;
    }
    const QJsonObject settings = QJsonDocument::fromJson(a.body).object();
    if (settings.isEmpty()) {
        const bool html = a.contentType.contains("html") || a.body.trimmed().startsWith('<');
        c.detail =
            html
                ? Doctor::tr("%1 answered HTTP %2 with an HTML page where GoTrue answers JSON: a "
                             "captive portal, a proxy's page or a wrong URL")
                      .arg(where)
                      .arg(a.status)
                : Doctor::tr("%1 answered HTTP %2, not GoTrue's settings").arg(where).arg(a.status);
        c.fix = a.status == 401
                    ? Doctor::tr("Check the anon key (MemFire Cloud → 设置 → API).")
                    : Doctor::tr("Check --url: it is the project URL, "
                                 "https://<ref>.baseapi.memfiredb.com, without /auth/v1.");
        return c;
    }
    const QString provider = context.authConfig().provider();
    const bool enabled =
        settings.value(QLatin1String("external")).toObject().value(provider).toBool();
    if (!enabled) {
        c.detail = Doctor::tr("GoTrue answers at %1, but the provider %2 is not enabled")
                       .arg(where, provider);
        c.fix = Doctor::tr(
                    "MemFire Cloud → 认证 → 服务商: enable 微信扫码 (%1) with the WeChat website "
                    "app's AppID and AppSecret.")
                    .arg(provider);
        return c;
    }
    c.status = Status::Ok;
    c.detail = Doctor::tr("GoTrue answers at %1 and %2 (WeChat QR sign-in) is enabled")
                   .arg(where, provider);
    return c;
}

Check clock(const Answer &settings)
{
    Check c{QStringLiteral("clock"), Status::Skipped, Doctor::tr("Clock"), {}, {}};
    if (!settings.finished || settings.status == 0) {
        c.detail = Doctor::tr("not checked: the server check failed");
        return c;
    }
    if (!settings.serverDate.isValid()) {
        c.detail = Doctor::tr("the server's time is unknown (no Date header)");
        return c;
    }
    // The Date header has whole seconds: up to 1 s of the difference is rounding.
    const qint64 offset = (settings.receivedAtMs - settings.serverDate.toMSecsSinceEpoch()) / 1000;
    const qint64 size = std::abs(offset);
    const QString amount = size >= 3600
                               ? Doctor::tr("%1 h %2 min").arg(size / 3600).arg(size % 3600 / 60)
                           : size >= 60 ? Doctor::tr("%1 min %2 s").arg(size / 60).arg(size % 60)
                                        : Doctor::tr("%1 s").arg(size);
    if (size <= 60) {
        c.status = Status::Ok;
        c.detail = Doctor::tr("within %1 of the server's").arg(amount);
        return c;
    }
    c.status = Status::Warning;
    c.detail = (offset > 0 ? Doctor::tr("this machine's clock is %1 ahead of the server's. "
                                        "Sessions still work (their expiry is judged on this "
                                        "machine's clock from the lifetime the server gives), "
                                        "but certificates may be refused and times shown "
                                        "elsewhere are off.")
                           : Doctor::tr("this machine's clock is %1 behind the server's. "
                                        "Sessions still work (their expiry is judged on this "
                                        "machine's clock from the lifetime the server gives), "
                                        "but certificates may be refused and times shown "
                                        "elsewhere are off."))
                   .arg(amount);

    c.fix =
        Doctor::tr("Turn on automatic time (NTP), e.g. timedatectl set-ntp true; on a PC that also "
                   "runs Windows, check that the hardware clock keeps UTC.");
    return c;
}

} // namespace WeChatLogin::DoctorChecks
