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
    Q_PROPERTY(QString provider READ provider)
    Q_PROPERTY(QDateTime expiresAt READ expiresAtDateTime)
    Q_PROPERTY(qint64 lifetime READ lifetime)

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
    // The server's expires_at, in seconds since the epoch on the server's clock. Never
    // compare it with the local clock (see localExpiresAtMs()).
    qint64 expiresAt() const;
    // The access token's lifetime as the server gave it: expires_in, else the token's
    // exp - iat; 0 when neither says.
    qint64 lifetime() const;
    // When the access token expires on this machine's clock, in ms since the epoch: the
    // local time the server's answer arrived plus the lifetime (setReceivedAt(), stored as
    // local_expires_at_ms, a field auth-js ignores). A session that never recorded it
    // falls back to the server's expires_at. Clocks can be hours apart (dual-boot PCs keep
    // local time in the hardware clock, virtual machines resume with stale clocks), so
    // expiry is always judged on this value. It is never trusted beyond the token's own
    // lifetime: a recorded time further ahead than that means the clock went back since,
    // and the token counts as expired now.
    qint64 localExpiresAtMs() const;
    bool hasLocalExpiry() const;         // whether setReceivedAt() recorded it
    QDateTime expiresAtDateTime() const; // the local expiry, as a date and time
    // Records that the answer carrying this session arrived at receivedAtMs (the local
    // clock, ms since the epoch).
    void setReceivedAt(qint64 receivedAtMs);
    // Whether a fresh answer's lifetime makes sense: more than 0 s and at most a year, and
    // the token's own exp after its iat. A session failing this is never stored.
    bool hasPlausibleLifetime(QString *why = nullptr) const;
    // True when fewer than marginSeconds remain before the local expiry.
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

    // The WeChat profile, read defensively: MemFire's key names are unpublished. The
    // nickname is display-safe: one line of at most 64 characters (and "…" when cut),
    // without control, bidi override or other invisible format characters: a terminal or
    // a label shows it as it is.
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
