// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "sandbox.h"
#include "sandbox_p.h"
#include "sandboxutil.h"

// Qt
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpServer>

#include <mutex>

Q_LOGGING_CATEGORY(lcSandbox, "wechatlogin.sandbox", QtInfoMsg)

namespace WeChatLogin {

using namespace SandboxInternal;

namespace {
// Fixed so that the anon key stays the same from one run to the next: a person can
// keep it in a config file. This is a sandbox; nothing it signs is worth anything.
constexpr char kJwtSecret[] = "wechat-login-sandbox-jwt-secret-not-for-production";
constexpr qint64 kAnonKeyIat = 1767225600; // 2026-01-01
constexpr qint64 kAnonKeyExp = 4102444800; // 2100-01-01

QLoggingCategory::CategoryFilter previousFilter = nullptr;

// Qt HttpServer's own debug output prints whole requests, API keys and bearer tokens
// included. The sandbox logs one redacted line per request instead, so that category
// stays quiet whatever QT_LOGGING_RULES say.
void quietHttpServerDebug(QLoggingCategory *category)
{
    if (previousFilter)
        previousFilter(category);
    if (qstrcmp(category->categoryName(), "qt.httpserver") == 0)
        category->setEnabled(QtDebugMsg, false);
}

void installLogFilter()
{
    static std::once_flag once;
    std::call_once(once,
                   [] { previousFilter = QLoggingCategory::installFilter(quietHttpServerDebug); });
}

} // namespace

SandboxPrivate::SandboxPrivate(Sandbox *q, const SandboxOptions &options)
    : q_ptr(q)
    , wechat(context, users)
    , gotrue(context, users)
    , control(context, wechat, gotrue)
{
    context.options = options;
    context.jwtSecret = kJwtSecret;
    context.appId = QStringLiteral("wx5a1dbe0c7f3e9d24");
    context.appSecret = QStringLiteral("0f3c9a7e51d24b68a9e0c1d7b3f5a246");
    context.appName = QStringLiteral("WeChatLogin 沙盒");
    context.anonKey = signJwt(QJsonObject{{QStringLiteral("iss"), QStringLiteral("supabase")},
                                          {QStringLiteral("ref"), QStringLiteral("sandbox")},
                                          {QStringLiteral("role"), QStringLiteral("anon")},
                                          {QStringLiteral("iat"), kAnonKeyIat},
                                          {QStringLiteral("exp"), kAnonKeyExp}},
                              context.jwtSecret);
    wechat.onQrCreated = [q](const QString &uuid) { Q_EMIT q->qrCreated(uuid); };
    wechat.onQrStatusChanged = [q](const QString &uuid, Sandbox::QrStatus status) {
        Q_EMIT q->qrStatusChanged(uuid, status);
    };
}

void SandboxPrivate::dispatch(const ExchangePtr &ex)
{
    control.recordStarted(*ex);
    const Request &req = ex->request();
    if (req.path.startsWith(QLatin1String("/sandbox/")))
        return control.handle(ex);
    auto route = [this](const ExchangePtr &e) {
        if (e->request().origin == Origin::Auth)
            gotrue.handle(e);
        else
            wechat.handle(e);
    };
    if (!control.applyFault(ex, route))
        route(ex);
}

Sandbox::Sandbox(QObject *parent)
    : Sandbox(SandboxOptions(), parent)
{}

Sandbox::Sandbox(const SandboxOptions &options, QObject *parent)
    : QObject(parent)
    , d_ptr(std::make_unique<SandboxPrivate>(this, options))
{}

Sandbox::~Sandbox()
{
    stop();
}

SandboxOptions Sandbox::options() const
{
    Q_D(const Sandbox);
    return d->context.options;
}

namespace {

// The auth origin's certificate chain and key, from the options' PEM files.
bool loadTls(const SandboxOptions &options, QSslConfiguration *tls, QString *errorString)
{
    QFile certificateFile(options.tlsCertificateFile);
    QFile keyFile(options.tlsKeyFile);
    const QList<QSslCertificate> chain = certificateFile.open(QIODevice::ReadOnly)
                                             ? QSslCertificate::fromDevice(&certificateFile)
                                             : QList<QSslCertificate>();
    const QSslKey key =
        keyFile.open(QIODevice::ReadOnly) ? QSslKey(&keyFile, QSsl::Rsa) : QSslKey();
    QSslKey usable = key;
    if (usable.isNull() && keyFile.seek(0))
        usable = QSslKey(&keyFile, QSsl::Ec);
    if (chain.isEmpty() || usable.isNull()) {
        if (errorString) {
            *errorString = chain.isEmpty()
                               ? QStringLiteral("--tls-cert %1 holds no PEM certificate")
                                     .arg(options.tlsCertificateFile)
                               : QStringLiteral("--tls-key %1 holds no unencrypted PEM key")
                                     .arg(options.tlsKeyFile);
        }
        return false;
    }
    *tls = QSslConfiguration::defaultConfiguration();
    tls->setLocalCertificateChain(chain);
    tls->setPrivateKey(usable);
    tls->setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    return true;
}

} // namespace

bool Sandbox::start(QString *errorString)
{
    Q_D(Sandbox);
    if (isRunning())
        return true;
    installLogFilter();
    const SandboxOptions &options = d->context.options;
    auto finished = [d](const Exchange &ex, const Response *r) {
        d->control.recordFinished(ex, r);
    };
    auto dispatch = [d](const ExchangePtr &ex) { d->dispatch(ex); };
    QSslConfiguration tls;
    const bool https = !options.tlsCertificateFile.isEmpty();
    if (https && !loadTls(options, &tls, errorString))
        return false;
    auto listen = [&](Origin origin, quint16 port, QUrl *url) -> std::unique_ptr<HttpServer> {
        auto server = std::make_unique<HttpServer>(origin, dispatch, finished);
        if (https && origin == Origin::Auth)
            server->sslSetup(tls);
        const quint16 bound = server->listen(options.host, port);
        if (bound == 0) {
            if (errorString) {
                *errorString = tr("Cannot listen on %1 port %2: %3")
                                   .arg(options.host.toString())
                                   .arg(port)
                                   .arg(server->servers().isEmpty()
                                            ? tr("unknown error")
                                            : server->servers().constFirst()->errorString());
            }
            return nullptr;
        }
        url->setScheme(https && origin == Origin::Auth ? QStringLiteral("https")
                                                       : QStringLiteral("http"));
        url->setHost(options.host.toString());
        url->setPort(bound);
        return server;
    };
    d->authServer = listen(Origin::Auth, options.authPort, &d->context.authUrl);
    if (!d->authServer)
        return false;
    d->wechatServer = listen(Origin::WeChat, options.wechatPort, &d->context.wechatUrl);
    if (!d->wechatServer) {
        d->authServer.reset();
        return false;
    }
    d->context.running = std::make_unique<QObject>();
    qCInfo(lcSandbox, "auth origin %s, WeChat origin %s, era %s",
           qPrintable(d->context.authUrl.toString()), qPrintable(d->context.wechatUrl.toString()),
           d->context.isLegacy() ? "legacy" : "current");
    Q_EMIT runningChanged();
    return true;
}

void Sandbox::stop()
{
    Q_D(Sandbox);
    if (!d->authServer)
        return;
    d->wechat.stop();           // held long polls are answered before the sockets go away
    d->context.running.reset(); // pending delays, auto-confirms and upstream calls
    d->authServer.reset();
    d->wechatServer.reset();
    d->control.forgetUnfinished(); // exchanges cut off by the stop never finish
    d->context.authUrl.clear();
    d->context.wechatUrl.clear();
    Q_EMIT runningChanged();
}

bool Sandbox::isRunning() const
{
    Q_D(const Sandbox);
    return d->authServer != nullptr;
}

QUrl Sandbox::authUrl() const
{
    Q_D(const Sandbox);
    return d->context.authUrl;
}

QUrl Sandbox::wechatUrl() const
{
    Q_D(const Sandbox);
    return d->context.wechatUrl;
}

QString Sandbox::anonKey() const
{
    Q_D(const Sandbox);
    return d->context.anonKey;
}

QString Sandbox::appId() const
{
    Q_D(const Sandbox);
    return d->context.appId;
}

QUrl Sandbox::siteUrl() const
{
    Q_D(const Sandbox);
    return d->context.options.siteUrl;
}

QByteArray Sandbox::readyLine() const
{
    Q_D(const Sandbox);
    // Written by hand: the contract fixes the key order, QJsonObject would sort it.
    auto str = [](const QString &s) {
        const QByteArray array = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
        return array.mid(1, array.size() - 2);
    };
    return "{\"auth_url\":" + str(d->context.authUrl.toString()) + ",\"wechat_url\":"
           + str(d->context.wechatUrl.toString()) + ",\"anon_key\":" + str(d->context.anonKey)
           + ",\"site_url\":" + str(d->context.options.siteUrl.toString())
           + ",\"app_id\":" + str(d->context.appId) + '}';
}

QString Sandbox::latestQrUuid() const
{
    Q_D(const Sandbox);
    return d->wechat.latestQr();
}

Sandbox::QrStatus Sandbox::qrStatus(const QString &uuid) const
{
    Q_D(const Sandbox);
    return d->wechat.status(uuid);
}

QUrl Sandbox::confirmPageUrl(const QString &uuid) const
{
    Q_D(const Sandbox);
    return d->wechat.confirmPageUrl(uuid);
}

bool Sandbox::scanQr(const QString &uuid, QString *errorString)
{
    Q_D(Sandbox);
    return d->wechat.transition(uuid, QrStatus::Scanned, QString(), errorString);
}

bool Sandbox::confirmQr(const QString &uuid, const QString &userId, QString *errorString)
{
    Q_D(Sandbox);
    return d->wechat.transition(uuid, QrStatus::Confirmed, userId, errorString);
}

bool Sandbox::cancelQr(const QString &uuid, QString *errorString)
{
    Q_D(Sandbox);
    return d->wechat.transition(uuid, QrStatus::Cancelled, QString(), errorString);
}

bool Sandbox::expireQr(const QString &uuid, QString *errorString)
{
    Q_D(Sandbox);
    return d->wechat.transition(uuid, QrStatus::Expired, QString(), errorString);
}

QString Sandbox::qrStatusName(QrStatus status)
{
    switch (status) {
    case QrStatus::Waiting:
        return QStringLiteral("waiting");
    case QrStatus::Scanned:
        return QStringLiteral("scanned");
    case QrStatus::Confirmed:
        return QStringLiteral("confirmed");
    case QrStatus::Cancelled:
        return QStringLiteral("cancelled");
    case QrStatus::Expired:
        return QStringLiteral("expired");
    }
    return {};
}

} // namespace WeChatLogin
