// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authreply.h"
#include "authreply_p.h"

// Qt
#include <QNetworkReply>

namespace WeChatLogin {

AuthReply::AuthReply(Operation operation, QObject *parent)
    : QObject(parent)
    , d_ptr(std::make_unique<AuthReplyPrivate>())
{
    d_ptr->operation = operation;
}

AuthReply::~AuthReply()
{
    Q_D(AuthReply);
    if (d->network) {
        d->network->disconnect(this);
        d->network->abort();
        d->network->deleteLater();
    }
}

AuthReply::Operation AuthReply::operation() const
{
    return d_ptr->operation;
}

bool AuthReply::isFinished() const
{
    return d_ptr->finished;
}

AuthError AuthReply::error() const
{
    return d_ptr->error;
}

Session AuthReply::session() const
{
    return d_ptr->session;
}

QJsonObject AuthReply::user() const
{
    return d_ptr->user.isEmpty() ? d_ptr->session.user() : d_ptr->user;
}

bool AuthReply::autoDelete() const
{
    return d_ptr->autoDelete;
}

void AuthReply::setAutoDelete(bool autoDelete)
{
    d_ptr->autoDelete = autoDelete;
}

void AuthReply::abort()
{
    Q_D(AuthReply);
    if (d->finished)
        return;
    d->cancelled = true;
    if (d->network) {
        d->network->abort(); // finishes through the network reply, as Cancelled
        return;
    }
    AuthReplyPrivate::finish(this,
                             AuthError(AuthError::Kind::Cancelled, QStringLiteral("cancelled")));
}

AuthReply *AuthReplyPrivate::create(AuthReply::Operation operation, QObject *parent)
{
    return new AuthReply(operation, parent); // owned by parent until it deletes itself
}

void AuthReplyPrivate::finish(AuthReply *reply, const AuthError &error)
{
    AuthReplyPrivate *d = reply->d_ptr.get();
    if (d->finished)
        return;
    d->finished = true;
    d->error = error;
    // Never from inside the call that made the reply: queued, then deleted if asked.
    QMetaObject::invokeMethod(
        reply,
        [reply] {
            Q_EMIT reply->finished(AuthReply::QPrivateSignal());
            if (reply->d_ptr->autoDelete)
                reply->deleteLater();
        },
        Qt::QueuedConnection);
}

void AuthReplyPrivate::finish(AuthReply *reply, const AuthError &error, const Session &session)
{
    if (reply->isFinished())
        return;
    reply->d_ptr->session = session;
    reply->d_ptr->user = session.user();
    finish(reply, error);
}

void AuthReplyPrivate::onFinished(AuthReply *reply, QObject *context,
                                  std::function<void(AuthReply *)> then)
{
    QObject::connect(reply, &AuthReply::finished, context,
                     [reply, then = std::move(then)] { then(reply); });
}

} // namespace WeChatLogin
