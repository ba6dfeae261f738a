// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_AUTHREPLY_P_H
#define WECHATLOGIN_AUTHREPLY_P_H

#include "authreply.h"

// Qt
#include <QNetworkReply>
#include <QPointer>

#include <functional>

namespace WeChatLogin {

class AuthReplyPrivate
{
public:
    static AuthReply *create(AuthReply::Operation operation, QObject *parent);
    static AuthReplyPrivate *get(AuthReply *reply) { return reply->d_ptr.get(); }
    // Sets the outcome and queues finished(); a second call does nothing.
    static void finish(AuthReply *reply, const AuthError &error);
    // The same with a session (and its user) as the result.
    static void finish(AuthReply *reply, const AuthError &error, const Session &session);
    // Runs then(reply) when it finishes, in context's thread, unless context is gone.
    static void onFinished(AuthReply *reply, QObject *context,
                           std::function<void(AuthReply *)> then);

    AuthReply::Operation operation;
    bool finished = false;
    bool autoDelete = true;
    AuthError error;
    Session session;
    QJsonObject user;
    QPointer<QNetworkReply> network; // the request in flight, if any
    bool timedOut = false;
    bool tooLarge = false; // the answer passed AuthClient's bound
    bool cancelled = false;
};

} // namespace WeChatLogin

#endif
