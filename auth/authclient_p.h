// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_AUTHCLIENT_P_H
#define WECHATLOGIN_AUTHCLIENT_P_H

#include "authclient.h"
#include "authreply.h"

// Qt
#include <QDateTime>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>

#include <functional>
#include <memory>

class QNetworkReply;

namespace WeChatLogin {

/*
 * AuthClient's insides: the calls (authclient.cpp) and the transport they share
 * (authclientsend.cpp: one bounded GoTrue request and the reading of its answer).
 */
class AuthClientPrivate
{
public:
    explicit AuthClientPrivate(AuthClient *q)
        : q_ptr(q)
    {}

    AuthClient *q_ptr;
    AuthConfig config;
    QPointer<QNetworkAccessManager> nam;
    std::unique_ptr<QNetworkAccessManager> ownNam;

    QNetworkAccessManager *manager();
    AuthReply *newReply(AuthReply::Operation operation);
    void finish(AuthReply *reply, const AuthError &error);
    using Handler = std::function<void(int status, const QByteArray &body)>;
    // Sends one GoTrue API request; handler runs on a 2xx answer, errors finish the reply.
    void send(AuthReply *reply, const QByteArray &method, const QString &pathAndQuery,
              const QJsonObject &body, const QString &bearer, const Handler &handler);
    void fetchUserInto(AuthReply *reply, const Session &session);
    static AuthError parseUser(const QByteArray &body, QJsonObject *user);
    // A session as the token endpoint answers it, anchored to the local clock now; an
    // answer that is not a session, or whose lifetime makes no sense, is an error.
    static AuthError parseFreshSession(const QByteArray &body, Session *session);
    static int retryAfterSeconds(const QNetworkReply *network);
    static QDateTime httpDate(const QByteArray &value);
};

} // namespace WeChatLogin

#endif
