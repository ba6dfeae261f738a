// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SESSION_H
#define WECHATLOGIN_SESSION_H

#include <WeChatLogin/autherror.h>
#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QDateTime>
#include <QJsonObject>
#include <QSharedDataPointer>
#include <QStringList>

#include <optional>

namespace WeChatLogin {

class SessionData;

/*
 * A signed-in session, exactly as auth-js stores it: the token response JSON
 * (access_token, token_type, expires_in, expires_at, refresh_token, user, ...).
 * Unknown fields survive a round trip. A value type.
 */
class WECHATLOGIN_AUTH_EXPORT Session
{
    Q_GADGET
    Q_PROPERTY(bool valid READ isValid)
    Q_PROPERTY(QString userId READ userId)
    Q_PROPERTY(QString nickname READ nickname)
    Q_PROPERTY(QString avatarUrl READ avatarUrl)
    Q_PROPERTY(QDateTime expiresAt READ expiresAtDateTime)

public:
    Session();
    Session(const Session &other);
    Session(Session &&other) noexcept;
    Session &operator=(const Session &other);
    Session &operator=(Session &&other) noexcept;
    ~Session();

    // Parses auth-js/GoTrue JSON. expires_at is computed from expires_in (or the
    // token's exp) when the server leaves it out. On failure returns an invalid
    // session and sets *error (InvalidResponse) when given.
    static Session fromJson(const QByteArray &json, AuthError *error = nullptr);
    static Session fromJsonObject(const QJsonObject &object, AuthError *error = nullptr);
    QByteArray toJson() const; // compact JSON, auth-js's storage format
    QJsonObject toJsonObject() const;

    // Has an access token, a refresh token and an expiry: what auth-js calls valid.
    bool isValid() const;

    QString accessToken() const;
    QString refreshToken() const;
    QString tokenType() const;
    qint64 expiresIn() const;
    qint64 expiresAt() const; // seconds since the epoch
    QDateTime expiresAtDateTime() const;
    // True when fewer than marginSeconds remain before expiry.
    bool expiresWithin(qint64 marginSeconds) const;
    QString providerToken() const;
    QString providerRefreshToken() const;

    QJsonObject user() const;
    void setUser(const QJsonObject &user);

    // Claims of the access token (not verified: the server verifies).
    QJsonObject claims() const;
    QString userId() const;    // sub (falls back to user.id)
    QString sessionId() const; // session_id
    QString role() const;
    QStringList authenticationMethods() const; // amr[].method

    // The WeChat profile, read defensively: MemFire's key names are unpublished.
    QString nickname() const;
    QString avatarUrl() const;
    QString openid() const;
    QString unionid() const;
    QString email() const;
    QString provider() const;

    // The payload of a JWT, or nullopt when it is not one.
    static std::optional<QJsonObject> decodeJwtClaims(const QString &token);

    bool operator==(const Session &other) const;
    bool operator!=(const Session &other) const { return !(*this == other); }

private:
    QSharedDataPointer<SessionData> d;
};

} // namespace WeChatLogin

Q_DECLARE_METATYPE(WeChatLogin::Session)

#endif
