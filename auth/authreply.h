// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_AUTHREPLY_H
#define WECHATLOGIN_AUTHREPLY_H

#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QJsonObject>
#include <QObject>

#include <memory>

namespace WeChatLogin {

class AuthReplyPrivate;

/*
 * One operation in flight (a GoTrue call, a keychain operation, a SessionManager
 * request): the library's only async type, a job in the manner of KDE's KJob.
 * finished() is emitted exactly once, always after the call that created the reply
 * has returned, and only the reply can emit it. Read the outcome in a slot connected
 * to finished(): the reply deletes itself right after (setAutoDelete(false) to keep
 * it, and delete it yourself).
 */
class WECHATLOGIN_AUTH_EXPORT AuthReply : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool finished READ isFinished NOTIFY finished)
    Q_PROPERTY(bool autoDelete READ autoDelete WRITE setAutoDelete)

public:
    enum class Operation {
        ExchangeCode,
        CompleteImplicit,
        Refresh,
        FetchUser,
        SignOut,
        ReadSession,
        WriteSession,
        DeleteSession,
        AccessToken, // SessionManager::accessToken()
    };
    Q_ENUM(Operation)

    ~AuthReply() override;

    Operation operation() const;
    bool isFinished() const;
    AuthError error() const;
    Session session() const;  // ExchangeCode, CompleteImplicit, Refresh, ReadSession, ...
    QJsonObject user() const; // FetchUser, and the session's user otherwise

    // True by default: the reply deletes itself (deleteLater()) once finished() has been
    // emitted.
    bool autoDelete() const;
    void setAutoDelete(bool autoDelete);

    // Cancels: finishes with AuthError::Kind::Cancelled unless already finished.
    void abort();

Q_SIGNALS:
    void finished(QPrivateSignal);

private:
    friend class AuthReplyPrivate;
    AuthReply(Operation operation, QObject *parent);
    Q_DISABLE_COPY(AuthReply)
    Q_DECLARE_PRIVATE(AuthReply)
    std::unique_ptr<AuthReplyPrivate> d_ptr;
};

} // namespace WeChatLogin

#endif
