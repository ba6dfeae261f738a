// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "session.h"
#include "displaytext_p.h"
#include "jsonutil_p.h"

// Qt
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace WeChatLogin {

using Internal::firstString;

class SessionData : public QSharedData
{
public:
    QJsonObject json;
    QJsonObject claims;
};

namespace {

// A JSON number or numeric string as a whole number; 0 when it is none, or lies outside
// the range JSON numbers hold exactly (casting a larger double is undefined, and sums
// like now + expires_in must not overflow).
qint64 integerOf(const QJsonValue &v)
{
    constexpr qint64 limit = qint64(1) << 53;
    qint64 n = 0;
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (!std::isfinite(d) || d <= -double(limit) || d >= double(limit))
            return 0;
        n = qint64(d);
    } else if (v.isString()) {
        bool ok = false;
        n = v.toString().toLongLong(&ok);
        if (!ok)
            return 0;
    }
    return n > -limit && n < limit ? n : 0;
}

} // namespace

Session::Session()
    : d(new SessionData)
{}

Session::Session(const Session &other) = default;
Session::Session(Session &&other) noexcept = default;
Session &Session::operator=(const Session &other) = default;
Session &Session::operator=(Session &&other) noexcept = default;
Session::~Session() = default;

std::optional<QJsonObject> Session::decodeJwtClaims(const QString &token)
{
    if (token.size() > qsizetype(64) * 1024)
        return std::nullopt;
    const QStringList parts = token.split(u'.');
    if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty())
        return std::nullopt;
    const QByteArray::FromBase64Result payload = QByteArray::fromBase64Encoding(
        parts[1].toLatin1(),
        QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!payload)
        return std::nullopt;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(*payload, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

Session Session::fromJson(const QByteArray &json, AuthError *error)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error) {
            *error = AuthError(AuthError::Kind::InvalidResponse,
                               QStringLiteral("the session is not a JSON object: %1")
                                   .arg(parseError.error != QJsonParseError::NoError
                                            ? parseError.errorString()
                                            : QStringLiteral("not an object")));
        }
        return {};
    }
    return fromJsonObject(doc.object(), error);
}

Session Session::fromJsonObject(const QJsonObject &object, AuthError *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = AuthError(AuthError::Kind::InvalidResponse, message);
        return Session();
    };
    const QJsonValue access = object.value(QStringLiteral("access_token"));
    if (!access.isString() || access.toString().isEmpty())
        return fail(QStringLiteral("the session has no access_token"));
    const QJsonValue refresh = object.value(QStringLiteral("refresh_token"));
    if (!refresh.isString() || refresh.toString().isEmpty())
        return fail(QStringLiteral("the session has no refresh_token"));
    const auto user = object.value(QStringLiteral("user"));
    if (!user.isUndefined() && !user.isNull() && !user.isObject())
        return fail(QStringLiteral("the session's user is not an object"));

    Session s;
    s.d->json = object;
    s.d->claims = decodeJwtClaims(access.toString()).value_or(QJsonObject());
    // Servers before mid-2023 leave expires_at out: compute it as auth-js does.
    if (integerOf(object.value(QStringLiteral("expires_at"))) <= 0) {
        const qint64 expiresIn = integerOf(object.value(QStringLiteral("expires_in")));
        qint64 expiresAt = 0;
        if (expiresIn > 0)
            expiresAt = QDateTime::currentSecsSinceEpoch() + expiresIn;
        else
            expiresAt = integerOf(s.d->claims.value(QStringLiteral("exp")));
        if (expiresAt <= 0)
            return fail(
                QStringLiteral("the session has neither expires_at, expires_in nor an exp claim"));
        s.d->json.insert(QStringLiteral("expires_at"), expiresAt);
    }
    if (!s.d->json.contains(QStringLiteral("token_type")))
        s.d->json.insert(QStringLiteral("token_type"), QStringLiteral("bearer"));
    if (error)
        *error = AuthError();
    return s;
}

QByteArray Session::toJson() const
{
    return QJsonDocument(d->json).toJson(QJsonDocument::Compact);
}

QJsonObject Session::toJsonObject() const
{
    return d->json;
}

bool Session::isValid() const
{
    return !accessToken().isEmpty() && !refreshToken().isEmpty() && expiresAt() > 0;
}

QString Session::accessToken() const
{
    return d->json.value(QStringLiteral("access_token")).toString();
}
QString Session::refreshToken() const
{
    return d->json.value(QStringLiteral("refresh_token")).toString();
}
QString Session::tokenType() const
{
    return d->json.value(QStringLiteral("token_type")).toString();
}
qint64 Session::expiresIn() const
{
    return integerOf(d->json.value(QStringLiteral("expires_in")));
}
qint64 Session::expiresAt() const
{
    return integerOf(d->json.value(QStringLiteral("expires_at")));
}
QString Session::providerToken() const
{
    return d->json.value(QStringLiteral("provider_token")).toString();
}
QString Session::providerRefreshToken() const
{
    return d->json.value(QStringLiteral("provider_refresh_token")).toString();
}
QJsonObject Session::user() const
{
    return d->json.value(QStringLiteral("user")).toObject();
}
void Session::setUser(const QJsonObject &user)
{
    d->json.insert(QStringLiteral("user"), user);
}
QJsonObject Session::claims() const
{
    return d->claims;
}

qint64 Session::lifetime() const
{
    const qint64 expiresIn = this->expiresIn();
    if (expiresIn > 0)
        return expiresIn;
    const qint64 exp = integerOf(d->claims.value(QStringLiteral("exp")));
    const qint64 iat = integerOf(d->claims.value(QStringLiteral("iat")));
    return exp > 0 && iat > 0 && exp > iat ? exp - iat : 0;
}

qint64 Session::localExpiresAtMs() const
{
    const qint64 local = integerOf(d->json.value(QStringLiteral("local_expires_at_ms")));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // No token lives a year (hasPlausibleLifetime()): an expiry further away is garbage in
    // the store or from a server, and counts as expired now, so it is refreshed, never
    // shown as "in 5 billion minutes" or handed out for ever.
    constexpr qint64 YearMs = 365LL * 24 * 3600 * 1000;
    if (local <= 0) {
        const qint64 server = expiresAt(); // at most 2^53 s: * 1000 cannot overflow
        return server > 0 && server * 1000 - now > YearMs ? now - 1 : server * 1000;
    }
    // Recorded as "received + lifetime", it can never be further ahead than the lifetime.
    // If it is, the clock went back since (a dual-boot PC's, stepped by NTP), by an amount
    // nobody knows: the token may be dead already, so it counts as expired now.
    constexpr qint64 SlackMs = 5000; // the clock's own corrections, and our processing
    const qint64 lifetimeMs = lifetime() * 1000;
    if ((lifetimeMs > 0 && local - now > lifetimeMs + SlackMs) || local - now > YearMs)
        return now - 1; // expired a moment ago
    return local;
}

bool Session::hasLocalExpiry() const
{
    return integerOf(d->json.value(QStringLiteral("local_expires_at_ms"))) > 0;
}

QDateTime Session::expiresAtDateTime() const
{
    const qint64 at = localExpiresAtMs();
    return at > 0 ? QDateTime::fromMSecsSinceEpoch(at, Qt::UTC) : QDateTime();
}

void Session::setReceivedAt(qint64 receivedAtMs)
{
    const qint64 seconds = lifetime();
    if (seconds > 0 && receivedAtMs > 0)
        d->json.insert(QStringLiteral("local_expires_at_ms"), receivedAtMs + seconds * 1000);
}

bool Session::hasPlausibleLifetime(QString *why) const
{
    constexpr qint64 year = 365LL * 24 * 3600;
    auto fail = [why](const QString &message) {
        if (why)
            *why = message;
        return false;
    };
    const qint64 expiresIn = integerOf(d->json.value(QStringLiteral("expires_in")));
    const QJsonValue rawExpiresIn = d->json.value(QStringLiteral("expires_in"));
    if (!rawExpiresIn.isUndefined() && !rawExpiresIn.isNull() && expiresIn <= 0)
        return fail(QStringLiteral("expires_in is not a positive number of seconds"));
    const qint64 exp = integerOf(d->claims.value(QStringLiteral("exp")));
    const qint64 iat = integerOf(d->claims.value(QStringLiteral("iat")));
    if (exp > 0 && iat > 0 && exp <= iat)
        return fail(QStringLiteral("the access token expires before it was issued"));
    const qint64 seconds = lifetime();
    if (seconds <= 0)
        return fail(QStringLiteral("the answer says neither expires_in nor the token's lifetime"));
    if (seconds > year)
        return fail(QStringLiteral("a lifetime of %1 s is not plausible").arg(seconds));
    return true;
}

bool Session::expiresWithin(qint64 marginSeconds) const
{
    return localExpiresAtMs() - QDateTime::currentMSecsSinceEpoch() < marginSeconds * 1000;
}

QString Session::userId() const
{
    const QString sub = d->claims.value(QStringLiteral("sub")).toString();
    return sub.isEmpty() ? user().value(QStringLiteral("id")).toString() : sub;
}

QString Session::sessionId() const
{
    return d->claims.value(QStringLiteral("session_id")).toString();
}
QString Session::role() const
{
    return d->claims.value(QStringLiteral("role")).toString();
}

QStringList Session::authenticationMethods() const
{
    QStringList methods;
    const QJsonArray amr = d->claims.value(QStringLiteral("amr")).toArray();
    for (const auto &entry : amr) {
        const QString m = entry.isObject()
                              ? entry.toObject().value(QStringLiteral("method")).toString()
                              : entry.toString();
        if (!m.isEmpty())
            methods << m;
    }
    return methods;
}

namespace {

// The objects that may carry WeChat profile keys, most specific first.
QList<QJsonObject> profileSources(const QJsonObject &user, const QString &provider)
{
    QList<QJsonObject> sources;
    const QJsonObject meta = user.value(QStringLiteral("user_metadata")).toObject();
    sources << meta << meta.value(QStringLiteral("custom_claims")).toObject();
    const QJsonArray identities = user.value(QStringLiteral("identities")).toArray();
    for (const auto &v : identities) {
        const QJsonObject identity = v.toObject();
        if (!provider.isEmpty()
            && identity.value(QStringLiteral("provider")).toString() != provider)
            continue;
        const QJsonObject data = identity.value(QStringLiteral("identity_data")).toObject();
        sources << data << data.value(QStringLiteral("custom_claims")).toObject();
    }
    return sources;
}

QString fromSources(const QList<QJsonObject> &sources, std::initializer_list<const char *> keys)
{
    for (const auto &o : sources) {
        QString v = firstString(o, keys);
        if (!v.isEmpty())
            return v;
    }
    return {};
}

} // namespace

QString Session::provider() const
{
    const QJsonObject app = user().value(QStringLiteral("app_metadata")).toObject();
    return app.value(QStringLiteral("provider")).toString();
}

QString Session::nickname() const
{
    // Shown in labels, terminals and scripts' output: never control or bidi characters, and
    // never longer than a name (WeChat's are at most 32 characters).
    return Internal::displayText(fromSources(profileSources(user(), provider()),
                                             {"nickname", "name", "full_name", "user_name"}),
                                 64);
}

QString Session::avatarUrl() const
{
    return fromSources(profileSources(user(), provider()), {"avatar_url", "picture", "headimgurl"});
}

QString Session::openid() const
{
    const auto sources = profileSources(user(), provider());
    // custom_claims.openid first, then the identity's own id, then provider_id / sub.
    QString fromClaims = firstString(user()
                                         .value(QStringLiteral("user_metadata"))
                                         .toObject()
                                         .value(QStringLiteral("custom_claims"))
                                         .toObject(),
                                     {"openid"});
    if (!fromClaims.isEmpty())
        return fromClaims;
    QString direct = fromSources(sources, {"openid"});
    if (!direct.isEmpty())
        return direct;
    const QJsonArray identities = user().value(QStringLiteral("identities")).toArray();
    for (const auto &v : identities) {
        const QJsonObject identity = v.toObject();
        if (identity.value(QStringLiteral("provider")).toString() == provider()
            && !identity.value(QStringLiteral("id")).toString().isEmpty()) {
            return identity.value(QStringLiteral("id")).toString();
        }
    }
    return fromSources(sources, {"provider_id", "sub"});
}

QString Session::unionid() const
{
    return fromSources(profileSources(user(), provider()), {"unionid"});
}

QString Session::email() const
{
    const QString e = user().value(QStringLiteral("email")).toString();
    return e.isEmpty() ? d->claims.value(QStringLiteral("email")).toString() : e;
}

bool Session::operator==(const Session &other) const
{
    return d->json == other.d->json;
}

} // namespace WeChatLogin
