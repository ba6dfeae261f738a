// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "sandbox.h"
#include "sandbox_p.h"
#include "sandboxutil.h"

// Qt
#include <QJsonDocument>
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

QString redactedHeader(const QByteArray &name, const QByteArray &value)
{
    const QByteArray lower = name.toLower();
    if (lower == "authorization") {
        const int space = value.indexOf(' ');
        return space > 0 ? QString::fromLatin1(value.left(space)) + QStringLiteral(" [redacted]")
                         : QStringLiteral("[redacted]");
    }
    if (lower == "apikey" || lower == "cookie" || lower == "set-cookie" || lower.contains("token")
        || lower.contains("secret")) {
        return QStringLiteral("[redacted]");
    }
    return QString::fromUtf8(value);
}
} // namespace

QStringList SandboxOptions::defaultRedirectAllowList()
{
    return {QStringLiteral("http://127.0.0.1:*/**"), QStringLiteral("http://localhost:*/**"),
            QStringLiteral("wechatlogin://**")};
}

SandboxPrivate::SandboxPrivate(Sandbox *q, const SandboxOptions &options)
    : q_ptr(q)
    , options(options)
    , jwtSecret(kJwtSecret)
    , appId(QStringLiteral("wx5a1dbe0c7f3e9d24"))
    , appSecret(QStringLiteral("0f3c9a7e51d24b68a9e0c1d7b3f5a246"))
    , appName(QStringLiteral("WeChatLogin 沙盒"))
{
    anonKey = signJwt(QJsonObject{{QStringLiteral("iss"), QStringLiteral("supabase")},
                                  {QStringLiteral("ref"), QStringLiteral("sandbox")},
                                  {QStringLiteral("role"), QStringLiteral("anon")},
                                  {QStringLiteral("iat"), kAnonKeyIat},
                                  {QStringLiteral("exp"), kAnonKeyExp}},
                      jwtSecret);
    virtualUsers = {
        {QStringLiteral("default"), QStringLiteral("oSbxDefault7Kq2LmN9pXc4RtWzY"),
         QStringLiteral("uSbxDefault3Hg8JkP1sQv6NxBcE"), QStringLiteral("小微同学"), 1,
         QStringLiteral("广东"), QStringLiteral("深圳"), QStringLiteral("中国"), qRgb(7, 193, 96)},
        {QStringLiteral("second"), QStringLiteral("oSbxSecond5Tf1GhR8wYe2UaMnKd"),
         QStringLiteral("uSbxSecond9Lp4ZsX7cVb3QoJiHt"), QStringLiteral("扫码达人"), 2,
         QStringLiteral("浙江"), QStringLiteral("杭州"), QStringLiteral("中国"),
         qRgb(250, 157, 59)},
    };
    upstream.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
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
    return d->options;
}

bool Sandbox::start(QString *errorString)
{
    Q_D(Sandbox);
    if (isRunning())
        return true;
    installLogFilter();
    auto finished = [d](const Exchange &ex, const Response *r) { d->finished(ex, r); };
    auto dispatch = [d](const ExchangePtr &ex) { d->dispatch(ex); };
    auto listen = [&](Origin origin, quint16 port, QUrl *url) -> std::unique_ptr<HttpServer> {
        auto server = std::make_unique<HttpServer>(origin, dispatch, finished);
        const quint16 bound = server->listen(d->options.host, port);
        if (bound == 0) {
            if (errorString) {
                *errorString = tr("Cannot listen on %1 port %2: %3")
                                   .arg(d->options.host.toString())
                                   .arg(port)
                                   .arg(server->servers().isEmpty()
                                            ? tr("unknown error")
                                            : server->servers().constFirst()->errorString());
            }
            return nullptr;
        }
        url->setScheme(QStringLiteral("http"));
        url->setHost(d->options.host.toString());
        url->setPort(bound);
        return server;
    };
    d->authServer = listen(Origin::Auth, d->options.authPort, &d->authUrl);
    if (!d->authServer)
        return false;
    d->wechatServer = listen(Origin::WeChat, d->options.wechatPort, &d->wechatUrl);
    if (!d->wechatServer) {
        d->authServer.reset();
        return false;
    }
    qCInfo(lcSandbox, "auth origin %s, WeChat origin %s, era %s", qPrintable(d->authUrl.toString()),
           qPrintable(d->wechatUrl.toString()),
           d->options.serverEra == SandboxOptions::ServerEra::Current ? "current" : "legacy");
    Q_EMIT runningChanged();
    return true;
}

void Sandbox::stop()
{
    Q_D(Sandbox);
    if (!d->authServer)
        return;
    // Answer held long polls before the sockets go away.
    const auto held = std::exchange(d->heldPolls, {});
    for (const auto &polls : held) {
        for (const auto &poll : polls)
            poll.exchange->drop();
    }
    d->authServer.reset();
    d->wechatServer.reset();
    d->logIndex.clear(); // exchanges cut off by the stop never finish
    d->authUrl.clear();
    d->wechatUrl.clear();
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
    return d->authUrl;
}

QUrl Sandbox::wechatUrl() const
{
    Q_D(const Sandbox);
    return d->wechatUrl;
}

QString Sandbox::anonKey() const
{
    Q_D(const Sandbox);
    return d->anonKey;
}

QString Sandbox::appId() const
{
    Q_D(const Sandbox);
    return d->appId;
}

QUrl Sandbox::siteUrl() const
{
    Q_D(const Sandbox);
    return d->options.siteUrl;
}

QByteArray Sandbox::readyLine() const
{
    Q_D(const Sandbox);
    // Written by hand: the contract fixes the key order, QJsonObject would sort it.
    auto str = [](const QString &s) {
        const QByteArray array = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
        return array.mid(1, array.size() - 2);
    };
    return "{\"auth_url\":" + str(d->authUrl.toString()) + ",\"wechat_url\":"
           + str(d->wechatUrl.toString()) + ",\"anon_key\":" + str(d->anonKey) + ",\"site_url\":"
           + str(d->options.siteUrl.toString()) + ",\"app_id\":" + str(d->appId) + '}';
}

QString Sandbox::latestQrUuid() const
{
    Q_D(const Sandbox);
    return d->latestQr;
}

Sandbox::QrStatus Sandbox::qrStatus(const QString &uuid) const
{
    Q_D(const Sandbox);
    auto it = d->qrCodes.find(uuid);
    if (it == d->qrCodes.end())
        return QrStatus::Expired;
    return d->effectiveStatus(*it);
}

QUrl Sandbox::confirmPageUrl(const QString &uuid) const
{
    Q_D(const Sandbox);
    QUrl url = d->wechatUrl;
    url.setPath(QStringLiteral("/connect/confirm"));
    url.setQuery(QStringLiteral("uuid=") + uuid);
    return url;
}

bool Sandbox::scanQr(const QString &uuid, QString *errorString)
{
    Q_D(Sandbox);
    return d->transition(uuid, QrStatus::Scanned, QString(), errorString);
}

bool Sandbox::confirmQr(const QString &uuid, const QString &userId, QString *errorString)
{
    Q_D(Sandbox);
    return d->transition(uuid, QrStatus::Confirmed, userId, errorString);
}

bool Sandbox::cancelQr(const QString &uuid, QString *errorString)
{
    Q_D(Sandbox);
    return d->transition(uuid, QrStatus::Cancelled, QString(), errorString);
}

bool Sandbox::expireQr(const QString &uuid, QString *errorString)
{
    Q_D(Sandbox);
    return d->transition(uuid, QrStatus::Expired, QString(), errorString);
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

const VirtualUser *SandboxPrivate::virtualUser(const QString &id) const
{
    for (const auto &u : virtualUsers) {
        if (u.id == id)
            return &u;
    }
    return nullptr;
}

Sandbox::QrStatus SandboxPrivate::effectiveStatus(const QrCode &qr) const
{
    using S = Sandbox::QrStatus;
    // A QR dies qrTtlMs after it was shown, whatever happened to it short of a confirm.
    if (qr.status != S::Confirmed && nowMs() - qr.createdMs >= options.qrTtlMs)
        return S::Expired;
    return qr.status;
}

bool SandboxPrivate::transition(const QString &uuid, Sandbox::QrStatus to, const QString &userId,
                                QString *errorString, int *httpStatus)
{
    Q_Q(Sandbox);
    using S = Sandbox::QrStatus;
    auto fail = [&](int status, const QString &message) {
        if (errorString)
            *errorString = message;
        if (httpStatus)
            *httpStatus = status;
        return false;
    };
    auto it = qrCodes.find(uuid);
    if (it == qrCodes.end())
        return fail(404, QStringLiteral("unknown QR uuid"));
    QrCode &qr = *it;
    S from = effectiveStatus(qr);
    if (to == S::Expired) {
        if (from == S::Confirmed)
            return fail(409, QStringLiteral("the QR was already confirmed"));
    } else if (from == S::Expired) {
        return fail(409, QStringLiteral("the QR has expired"));
    } else if (from == S::Confirmed) {
        return fail(409, QStringLiteral("the QR was already confirmed"));
    }
    const VirtualUser *user = nullptr;
    if (to == S::Confirmed) {
        user = virtualUser(userId.isEmpty() ? QStringLiteral("default") : userId);
        if (!user)
            return fail(400, QStringLiteral("unknown virtual user: %1").arg(userId));
        if (from != S::Scanned) { // the phone scans before it can confirm
            transition(uuid, S::Scanned, QString(), nullptr);
            from = S::Scanned;
        }
        // One WeChat code per confirm, 32 characters like the real ones.
        const QString code = randomToken(32);
        wxCodes.insert(code, WxCode{user->id, qr.appId, nowMs(), false});
        qr.wxCode = code;
    }
    if (from == to)
        return true;
    qr.status = to;
    qCInfo(lcSandbox, "QR %s: %s -> %s", qPrintable(uuid), qPrintable(Sandbox::qrStatusName(from)),
           qPrintable(Sandbox::qrStatusName(to)));
    Q_EMIT q->qrStatusChanged(uuid, to);
    wakePolls(uuid);
    return true;
}

void SandboxPrivate::dispatch(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    QJsonObject headers;
    for (const auto &h : req.headers)
        headers.insert(QString::fromLatin1(h.first.toLower()), redactedHeader(h.first, h.second));
    logIndex.insert(ex.get(), int(requestLog.size()));
    requestLog.append(QJsonObject{{QStringLiteral("origin"), req.origin == Origin::Auth
                                                                 ? QStringLiteral("auth")
                                                                 : QStringLiteral("wechat")},
                                  {QStringLiteral("method"), QString::fromLatin1(req.method)},
                                  {QStringLiteral("path"), req.path},
                                  {QStringLiteral("query"), QString::fromUtf8(req.rawQuery)},
                                  {QStringLiteral("status"), 0},
                                  {QStringLiteral("headers"), headers}});

    if (req.path.startsWith(QLatin1String("/sandbox/"))) {
        handleControl(ex);
        return;
    }

    auto fault = std::find_if(faults.begin(), faults.end(),
                              [&](const Fault &f) { return f.path == req.path && f.count > 0; });
    if (fault == faults.end()) {
        route(ex);
        return;
    }
    const Fault f = *fault;
    if (--fault->count == 0)
        faults.erase(fault);
    auto apply = [this, ex, f] {
        if (f.drop) {
            ex->drop();
        } else if (f.status > 0) {
            ex->respond(faultResponse(ex->request(), f));
        } else {
            route(ex);
        }
    };
    if (f.delayMs <= 0) {
        apply();
        return;
    }
    // Owned by the server: a delay pending at stop() dies with it.
    auto *timer = new QTimer(authServer.get());
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, apply] {
        apply();
        timer->deleteLater();
    });
    timer->start(f.delayMs);
}

Response SandboxPrivate::faultResponse(const Request &req, const Fault &fault) const
{
    if (!fault.body.isUndefined()) {
        const QJsonDocument doc = fault.body.isArray() ? QJsonDocument(fault.body.toArray())
                                                       : QJsonDocument(fault.body.toObject());
        return Response::json(fault.status, doc);
    }
    // GoTrue's own answers under load; anything else comes from the gateway.
    if (req.origin == Origin::Auth && req.path.startsWith(QLatin1String("/auth/v1/"))) {
        if (fault.status == 409)
            return apiError(req, {409, QStringLiteral("conflict"),
                                  QStringLiteral("Conflict: the request conflicted with another "
                                                 "request; retry")});
        if (fault.status == 429)
            return apiError(req, {429, QStringLiteral("over_request_rate_limit"),
                                  QStringLiteral("Request rate limit reached")});
    }
    return Response::json(
        fault.status, QJsonDocument(QJsonObject{
                          {QStringLiteral("message"),
                           QStringLiteral("sandbox fault: HTTP %1 injected").arg(fault.status)}}));
}

void SandboxPrivate::route(const ExchangePtr &ex)
{
    if (ex->request().origin == Origin::Auth)
        handleAuth(ex);
    else
        handleWeChat(ex);
}

void SandboxPrivate::finished(const Exchange &ex, const Response *response)
{
    const auto it = logIndex.constFind(&ex);
    const int status = response ? response->status : 0;
    if (it != logIndex.cend()) {
        QJsonObject entry = requestLog.at(*it).toObject();
        entry.insert(QStringLiteral("status"), status);
        if (!response)
            entry.insert(QStringLiteral("dropped"), true);
        requestLog.replace(*it, entry);
        logIndex.erase(it);
    }
    // Path only: queries carry codes, states and secrets.
    const Request &req = ex.request();
    qCInfo(lcSandbox).noquote() << (req.origin == Origin::Auth ? "auth  " : "wechat") << req.method
                                << req.path
                                << (response ? QString::number(status) : QStringLiteral("dropped"))
                                << QStringLiteral("%1ms").arg(ex.elapsedMs());
}

void SandboxPrivate::handleControl(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const QStringList parts = req.path.split(u'/', Qt::SkipEmptyParts); // sandbox, ...
    auto error = [&](int status, const QString &message) {
        ex->respond(
            Response::json(status, QJsonDocument(QJsonObject{{QStringLiteral("error"), message}})));
    };
    if (parts.size() == 3 && parts[1] == QLatin1String("qr") && parts[2] == QLatin1String("latest")
        && req.method == "GET") {
        if (latestQr.isEmpty())
            return error(404, QStringLiteral("no QR code has been shown yet"));
        const QrCode &qr = qrCodes[latestQr];
        ex->respond(Response::json(
            200, QJsonDocument(QJsonObject{
                     {QStringLiteral("uuid"), qr.uuid},
                     {QStringLiteral("status"), Sandbox::qrStatusName(effectiveStatus(qr))}})));
        return;
    }
    if (parts.size() == 4 && parts[1] == QLatin1String("qr") && req.method == "POST") {
        static const QHash<QString, Sandbox::QrStatus> actions{
            {QStringLiteral("scan"), Sandbox::QrStatus::Scanned},
            {QStringLiteral("confirm"), Sandbox::QrStatus::Confirmed},
            {QStringLiteral("cancel"), Sandbox::QrStatus::Cancelled},
            {QStringLiteral("expire"), Sandbox::QrStatus::Expired}};
        const auto action = actions.constFind(parts[3]);
        if (action == actions.cend())
            return error(404, QStringLiteral("unknown QR action: %1").arg(parts[3]));
        QString message;
        int status = 0;
        if (!transition(parts[2], *action, req.queryValue(QStringLiteral("user")), &message,
                        &status)) {
            return error(status, message);
        }
        ex->respond(Response::noContent());
        return;
    }
    if (parts.size() == 2 && parts[1] == QLatin1String("faults")) {
        if (req.method == "DELETE") {
            faults.clear();
            ex->respond(Response::noContent());
            return;
        }
        if (req.method == "POST") {
            QJsonParseError parseError{};
            const QJsonDocument doc = QJsonDocument::fromJson(req.body, &parseError);
            const QJsonObject o = doc.object();
            Fault f;
            f.path = o.value(QStringLiteral("path")).toString();
            f.status = o.value(QStringLiteral("status")).toInt(0);
            f.count = o.value(QStringLiteral("count")).toInt(1);
            f.delayMs = o.value(QStringLiteral("delay_ms")).toInt(0);
            f.drop = o.value(QStringLiteral("drop")).toBool(false);
            f.body = o.value(QStringLiteral("body"));
            if (parseError.error != QJsonParseError::NoError || !doc.isObject())
                return error(400, QStringLiteral("the body must be a JSON object"));
            if (!f.path.startsWith(u'/'))
                return error(400, QStringLiteral("\"path\" must be an absolute path"));
            if (f.count < 1)
                return error(400, QStringLiteral("\"count\" must be at least 1"));
            if (f.delayMs < 0 || f.delayMs > 600'000)
                return error(400, QStringLiteral("\"delay_ms\" must be between 0 and 600000"));
            if (f.status != 0 && (f.status < 100 || f.status > 599))
                return error(400, QStringLiteral("\"status\" must be an HTTP status (100-599)"));
            if (!f.body.isUndefined() && !f.body.isObject() && !f.body.isArray())
                return error(400, QStringLiteral("\"body\" must be a JSON object or array"));
            if (!f.body.isUndefined() && f.status == 0)
                return error(400, QStringLiteral("a fault with a \"body\" needs a \"status\""));
            if (f.status == 0 && !f.drop && f.delayMs == 0)
                return error(400, QStringLiteral("a fault needs a status, a delay or drop"));
            faults.push_back(f);
            ex->respond(Response::noContent());
            return;
        }
        return error(405, QStringLiteral("use POST or DELETE"));
    }
    if (parts.size() == 2 && parts[1] == QLatin1String("requests") && req.method == "GET") {
        // The entry of this very request is still open; leave it out.
        QJsonArray log = requestLog;
        log.removeLast();
        ex->respond(Response::json(200, QJsonDocument(log)));
        return;
    }
    error(404, QStringLiteral("unknown control call"));
}

} // namespace WeChatLogin
