// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SANDBOX_HTTPEXCHANGE_H
#define WECHATLOGIN_SANDBOX_HTTPEXCHANGE_H

// Qt
#include <QAbstractHttpServer>
#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QTcpSocket>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace WeChatLogin::SandboxInternal {

enum class Origin { Auth, WeChat };

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct Request
{
    Origin origin = Origin::Auth;
    QByteArray method;
    QString path;
    QByteArray rawQuery;
    QUrlQuery query;
    HeaderList headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const;
    QString queryValue(const QString &key) const;
    bool hasQueryItem(const QString &key) const { return query.hasQueryItem(key); }
    // application/x-www-form-urlencoded body, '+' decoded as space.
    QUrlQuery formBody() const;
};

// An HTTP-date, "Sun, 06 Nov 1994 08:49:37 GMT".
QByteArray httpDate(const QDateTime &time);

struct Response
{
    int status = 200;
    HeaderList headers;
    QByteArray body;

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;

    static Response json(int status, const QJsonDocument &document);
    static Response text(int status, const QByteArray &contentType, const QByteArray &body);
    static Response redirect(int status, const QByteArray &location);
    static Response noContent();
};

/*
 * One request in flight. Handlers answer at once or keep the exchange and
 * answer later (long polls, delays, upstream calls). Answering twice, or
 * answering after the client went away, is harmless.
 */
class Exchange
{
public:
    using Finished = std::function<void(const Exchange &, const Response *)>;

    Exchange(Request request, QTcpSocket *socket, QHttpServerResponder &&responder,
             Finished finished);

    const Request &request() const { return m_request; }
    bool isAnswered() const { return m_answered; }
    bool isConnected() const;
    qint64 elapsedMs() const { return m_timer.elapsed(); }

    void respond(const Response &response);
    void drop(); // closes the connection without an answer
    // The request is served (the server commits, e.g. a refresh rotates) but its answer is
    // never sent: the connection closes instead, the "lost response" case.
    void dropAnswer() { m_dropAnswer = true; }

private:
    Request m_request;
    QPointer<QTcpSocket> m_socket;
    QHttpServerResponder m_responder;
    Finished m_finished;
    QElapsedTimer m_timer;
    bool m_answered = false;
    bool m_dropAnswer = false;
};

using ExchangePtr = std::shared_ptr<Exchange>;

/*
 * Qt HttpServer does the HTTP parsing; this subclass hands every request to one
 * dispatcher with the socket kept behind a QPointer, so a held request survives
 * its client disconnecting.
 */
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Dispatcher = std::function<void(const ExchangePtr &)>;
    HttpServer(Origin origin, Dispatcher dispatcher, Exchange::Finished finished,
               QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Origin m_origin;
    Dispatcher m_dispatcher;
    Exchange::Finished m_finished;
};

} // namespace WeChatLogin::SandboxInternal

#endif
