// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_AUTHREPLY_P_H
#define WECHATLOGIN_AUTHREPLY_P_H

#include "authclient.h"

// Qt
#include <QNetworkReply>
#include <QPointer>

namespace WeChatLogin {

class AuthReplyPrivate
{
public:
    static AuthReply *create(AuthReply::Operation operation, QObject *parent);
    // Sets the outcome and queues finished(); a second call does nothing.
    static void finish(AuthReply *reply, const AuthError &error);
    static AuthReplyPrivate *get(AuthReply *reply) { return reply->d_ptr.get(); }

    AuthReply::Operation operation;
    bool finished = false;
    AuthError error;
    Session session;
    QJsonObject user;
    QPointer<QNetworkReply> network; // the request in flight, if any
    bool timedOut = false;
    bool cancelled = false;
};

} // namespace WeChatLogin

#endif
