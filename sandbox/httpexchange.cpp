// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "httpexchange.h"

// Qt
#include <QDateTime>
#include <QHttpServerRequest>
#include <QLocale>
#include <QMetaEnum>

namespace WeChatLogin::SandboxInternal {

QByteArray Request::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QString Request::queryValue(const QString &key) const
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

QUrlQuery Request::formBody() const
{
    QByteArray copy = body;
    copy.replace('+', ' ');
    return QUrlQuery(QString::fromUtf8(copy));
}

void Response::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.append({name, value});
}

QByteArray Response::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

Response Response::json(int status, const QJsonDocument &document)
{
    return text(status, QByteArrayLiteral("application/json"),
                document.toJson(QJsonDocument::Compact));
}

Response Response::text(int status, const QByteArray &contentType, const QByteArray &body)
{
    Response r;
    r.status = status;
    r.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    r.body = body;
    return r;
}

Response Response::redirect(int status, const QByteArray &location)
{
    Response r;
    r.status = status;
    r.headers.append({QByteArrayLiteral("Location"), location});
    return r;
}

Response Response::noContent()
{
    Response r;
    r.status = 204;
    return r;
}

Exchange::Exchange(Request request, QTcpSocket *socket, QHttpServerResponder &&responder,
                   Finished finished)
    : m_request(std::move(request))
    , m_socket(socket)
    , m_responder(std::move(responder))
    , m_finished(std::move(finished))
{
    m_timer.start();
}

QByteArray httpDate(const QDateTime &time)
{
    return QLocale::c()
        .toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

bool Exchange::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void Exchange::respond(const Response &response)
{
    if (m_dropAnswer)
        return drop();
    if (m_answered)
        return;
    m_answered = true;
    if (isConnected()) {
        m_responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
        for (const auto &h : response.headers)
            m_responder.writeHeader(h.first, h.second);
        // Every origin server with a clock sends one (RFC 9110 6.6.1); clients read the
        // server's time from it.
        m_responder.writeHeader(QByteArrayLiteral("Date"),
                                httpDate(QDateTime::currentDateTimeUtc()));
        m_responder.writeHeader(QByteArrayLiteral("Content-Length"),
                                QByteArray::number(response.body.size()));
        // writeBody() ends the header block even for an empty body.
        m_responder.writeBody(response.body);
    }
    if (m_finished)
        m_finished(*this, &response);
}

void Exchange::drop()
{
    if (m_answered)
        return;
    m_answered = true;
    if (m_socket)
        m_socket->abort();
    if (m_finished)
        m_finished(*this, nullptr);
}

HttpServer::HttpServer(Origin origin, Dispatcher dispatcher, Exchange::Finished finished,
                       QObject *parent)
    : QAbstractHttpServer(parent)
    , m_origin(origin)
    , m_dispatcher(std::move(dispatcher))
    , m_finished(std::move(finished))
{}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Request r;
    r.origin = m_origin;
    const auto methodEnum = QMetaEnum::fromType<QHttpServerRequest::Method>();
    r.method = QByteArray(methodEnum.valueToKey(int(request.method()))).toUpper();
    const QUrl url = request.url();
    r.path = url.path(QUrl::FullyDecoded);
    r.rawQuery = url.query(QUrl::FullyEncoded).toUtf8();
    // Form semantics, as Go's url.ParseQuery: '+' is a space.
    QByteArray formQuery = r.rawQuery;
    formQuery.replace('+', "%20");
    r.query = QUrlQuery(QString::fromUtf8(formQuery));
    r.headers = request.headers();
    r.body = request.body();

    m_dispatcher(std::make_shared<Exchange>(std::move(r), socket, makeResponder(request, socket),
                                            m_finished));
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest() takes every request.
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

} // namespace WeChatLogin::SandboxInternal
