// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The control API (docs/SANDBOX.md): QR actions, faults and the request log.

#include "controlapi_p.h"
#include "fakegotrue_p.h"
#include "fakewechat_p.h"

// Qt
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace WeChatLogin::SandboxInternal {

namespace {

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
Response failure(int status, const QString &message)
{
    return Response::json(status, QJsonDocument(QJsonObject{{QStringLiteral("error"), message}}));
}

} // namespace

ControlApi::ControlApi(const SandboxContext &context, FakeWeChat &wechat, const FakeGoTrue &gotrue)
    : m_context(context)
    , m_wechat(wechat)
    , m_gotrue(gotrue)
{}

void ControlApi::recordStarted(const Exchange &ex)
{
    const Request &req = ex.request();
    QJsonObject headers;
    for (const auto &h : req.headers)
        headers.insert(QString::fromLatin1(h.first.toLower()), redactedHeader(h.first, h.second));
    m_logIndex.insert(&ex, int(m_requestLog.size()));
    m_requestLog.append(QJsonObject{{QStringLiteral("origin"), req.origin == Origin::Auth
                                                                   ? QStringLiteral("auth")
                                                                   : QStringLiteral("wechat")},
                                    {QStringLiteral("method"), QString::fromLatin1(req.method)},
                                    {QStringLiteral("path"), req.path},
                                    {QStringLiteral("query"), QString::fromUtf8(req.rawQuery)},
                                    {QStringLiteral("status"), 0},
                                    {QStringLiteral("headers"), headers}});
}

void ControlApi::recordFinished(const Exchange &ex, const Response *response)
{
    const auto it = m_logIndex.constFind(&ex);
    const int status = response ? response->status : 0;
    if (it != m_logIndex.cend()) {
        QJsonObject entry = m_requestLog.at(*it).toObject();
        entry.insert(QStringLiteral("status"), status);
        if (!response)
            entry.insert(QStringLiteral("dropped"), true);
        m_requestLog.replace(*it, entry);
        m_logIndex.erase(it);
    }
    // Path only: queries carry codes, states and secrets.
    const Request &req = ex.request();
    qCInfo(lcSandbox).noquote() << (req.origin == Origin::Auth ? "auth  " : "wechat") << req.method
                                << req.path
                                << (response ? QString::number(status) : QStringLiteral("dropped"))
                                << QStringLiteral("%1ms").arg(ex.elapsedMs());
}

void ControlApi::forgetUnfinished()
{
    m_logIndex.clear();
}

bool ControlApi::applyFault(const ExchangePtr &ex,
                            const std::function<void(const ExchangePtr &)> &route)
{
    const Request &req = ex->request();
    auto fault = std::find_if(m_faults.begin(), m_faults.end(),
                              [&](const Fault &f) { return f.path == req.path && f.count > 0; });
    if (fault == m_faults.end())
        return false;
    const Fault f = *fault;
    if (--fault->count == 0)
        m_faults.erase(fault);
    auto apply = [this, ex, f, route] {
        if (f.drop) {
            ex->drop();
        } else if (f.status > 0) {
            ex->respond(faultResponse(ex->request(), f));
        } else {
            if (f.dropAfter)
                ex->dropAnswer();
            route(ex);
        }
    };
    if (f.delayMs <= 0) {
        apply();
        return true;
    }
    // Owned by the running sandbox: a delay pending at stop() dies with it.
    auto *timer = new QTimer(m_context.running.get());
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, apply] {
        apply();
        timer->deleteLater();
    });
    timer->start(f.delayMs);
    return true;
}

Response ControlApi::faultResponse(const Request &req, const Fault &fault) const
{
    Response r = faultBody(req, fault);
    if (fault.retryAfter > 0)
        r.setHeader("Retry-After", QByteArray::number(fault.retryAfter));
    return r;
}

Response ControlApi::faultBody(const Request &req, const Fault &fault) const
{
    if (!fault.body.isUndefined()) {
        const QJsonDocument doc = fault.body.isArray() ? QJsonDocument(fault.body.toArray())
                                                       : QJsonDocument(fault.body.toObject());
        return Response::json(fault.status, doc);
    }
    // GoTrue's own answers under load; anything else comes from the gateway.
    if (req.origin == Origin::Auth && req.path.startsWith(QLatin1String("/auth/v1/"))) {
        if (fault.status == 409)
            return m_gotrue.apiError(
                req, {409, QStringLiteral("conflict"),
                      QStringLiteral("Conflict: the request conflicted with another "
                                     "request; retry")});
        if (fault.status == 429)
            return m_gotrue.apiError(req, {429, QStringLiteral("over_request_rate_limit"),
                                           QStringLiteral("Request rate limit reached")});
    }
    return Response::json(
        fault.status, QJsonDocument(QJsonObject{
                          {QStringLiteral("message"),
                           QStringLiteral("sandbox fault: HTTP %1 injected").arg(fault.status)}}));
}

void ControlApi::handle(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const QStringList parts = req.path.split(u'/', Qt::SkipEmptyParts); // sandbox, ...
    auto error = [&](int status, const QString &message) { ex->respond(failure(status, message)); };
    if (parts.size() == 3 && parts[1] == QLatin1String("qr") && parts[2] == QLatin1String("latest")
        && req.method == "GET") {
        if (m_wechat.latestQr().isEmpty())
            return error(404, QStringLiteral("no QR code has been shown yet"));
        const QString uuid = m_wechat.latestQr();
        ex->respond(Response::json(
            200, QJsonDocument(QJsonObject{
                     {QStringLiteral("uuid"), uuid},
                     {QStringLiteral("status"), Sandbox::qrStatusName(m_wechat.status(uuid))}})));
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
        if (!m_wechat.transition(parts[2], *action, req.queryValue(QStringLiteral("user")),
                                 &message, &status)) {
            return error(status, message);
        }
        ex->respond(Response::noContent());
        return;
    }
    if (parts.size() == 2 && parts[1] == QLatin1String("faults"))
        return handleFaults(ex);
    if (parts.size() == 2 && parts[1] == QLatin1String("requests") && req.method == "GET") {
        // The entry of this very request is still open; leave it out.
        QJsonArray log = m_requestLog;
        log.removeLast();
        ex->respond(Response::json(200, QJsonDocument(log)));
        return;
    }
    error(404, QStringLiteral("unknown control call"));
}

void ControlApi::handleFaults(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    auto error = [&](int status, const QString &message) { ex->respond(failure(status, message)); };
    if (req.method == "DELETE") {
        m_faults.clear();
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
        f.dropAfter = o.value(QStringLiteral("drop_after")).toBool(false);
        f.retryAfter = o.value(QStringLiteral("retry_after")).toInt(0);
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
        if (f.retryAfter < 0 || f.retryAfter > 86400)
            return error(400,
                         QStringLiteral("\"retry_after\" must be between 0 and 86400 seconds"));
        if (f.retryAfter > 0 && f.status == 0)
            return error(400, QStringLiteral("a fault with \"retry_after\" needs a \"status\""));
        if (f.dropAfter && (f.drop || f.status != 0))
            return error(400, QStringLiteral("\"drop_after\" serves the request: it goes with "
                                             "neither \"drop\" nor \"status\""));
        if (f.status == 0 && !f.drop && !f.dropAfter && f.delayMs == 0)
            return error(400,
                         QStringLiteral("a fault needs a status, a delay, drop or drop_after"));
        m_faults.push_back(f);
        ex->respond(Response::noContent());
        return;
    }
    return error(405, QStringLiteral("use POST or DELETE"));
}

} // namespace WeChatLogin::SandboxInternal
