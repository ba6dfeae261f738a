// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "callbackurl.h"

// Qt
#include <QUrlQuery>

namespace WeChatLogin {

class CallbackUrlData : public QSharedData
{
public:
    CallbackUrl::Kind kind = CallbackUrl::Kind::NotCallback;
    QUrl url;
    QString code;
    Session session;
    AuthError error;
};

CallbackUrl::CallbackUrl()
    : d(new CallbackUrlData)
{}

CallbackUrl::CallbackUrl(const CallbackUrl &other) = default;
CallbackUrl &CallbackUrl::operator=(const CallbackUrl &other) = default;
CallbackUrl::~CallbackUrl() = default;

CallbackUrl::Kind CallbackUrl::kind() const
{
    return d->kind;
}
QUrl CallbackUrl::url() const
{
    return d->url;
}
QString CallbackUrl::code() const
{
    return d->code;
}
Session CallbackUrl::session() const
{
    return d->session;
}
AuthError CallbackUrl::error() const
{
    return d->error;
}

namespace {

// Form-encoded, as GoTrue (Go's url.Values) writes it: '+' is a space.
QUrlQuery formQuery(QString encoded)
{
    encoded.replace(u'+', QLatin1String("%20"));
    return QUrlQuery(encoded);
}

QString value(const QUrlQuery &q, const char *key)
{
    return q.queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
}

bool has(const QUrlQuery &q, const char *key)
{
    return q.hasQueryItem(QLatin1String(key));
}

QString normalizedPath(const QUrl &url)
{
    const QString path = url.path(QUrl::FullyEncoded);
    return path.isEmpty() ? QStringLiteral("/") : path;
}

bool plausibleToken(const QString &s)
{
    if (s.isEmpty() || s.size() > qsizetype(16) * 1024)
        return false;
    return std::none_of(s.cbegin(), s.cend(),
                        [](QChar c) { return c.unicode() < 0x21 || c.unicode() > 0x7e; });
}

} // namespace

bool CallbackUrl::matchesRedirect(const QUrl &url, const QUrl &redirectUrl)
{
    if (!url.isValid() || !redirectUrl.isValid())
        return false;
    auto defaultPort = [](const QUrl &u) {
        if (u.scheme() == QLatin1String("https"))
            return 443;
        if (u.scheme() == QLatin1String("http"))
            return 80;
        return -1;
    };
    return url.scheme().compare(redirectUrl.scheme(), Qt::CaseInsensitive) == 0
           && url.host().compare(redirectUrl.host(), Qt::CaseInsensitive) == 0
           && url.port(defaultPort(url)) == redirectUrl.port(defaultPort(redirectUrl))
           && normalizedPath(url) == normalizedPath(redirectUrl);
}

CallbackUrl CallbackUrl::parse(const QUrl &url, const QUrl &redirectUrl)
{
    CallbackUrl result;
    result.d->url = url;
    const bool anyRedirect = redirectUrl.isEmpty();
    if (!anyRedirect && !matchesRedirect(url, redirectUrl))
        return result; // NotCallback

    const QUrlQuery query = formQuery(url.query(QUrl::FullyEncoded));
    const QUrlQuery fragment = formQuery(url.fragment(QUrl::FullyEncoded));
    auto malformed = [&](const QString &message) {
        result.d->kind = Kind::Malformed;
        result.d->error = AuthError(AuthError::Kind::InvalidResponse, message);
        return result;
    };

    // Errors: v2.114+ put them in the query and the fragment; older servers in the query only.
    for (const QUrlQuery *q : {&query, &fragment}) {
        if (has(*q, "error") || has(*q, "error_code") || has(*q, "error_description")) {
            result.d->kind = Kind::Error;
            result.d->error = AuthError::fromRedirectError(
                value(*q, "error"), value(*q, "error_code"), value(*q, "error_description"));
            return result;
        }
    }

    const bool hasCode = has(query, "code");
    const bool hasTokens = has(fragment, "access_token") || has(query, "access_token");
    if (!hasCode && !hasTokens) {
        if (anyRedirect)
            return result; // NotCallback: an ordinary page
        return malformed(
            QStringLiteral("the redirect carries neither a code, tokens nor an error"));
    }
    if (hasCode && hasTokens)
        return malformed(QStringLiteral("the redirect carries both a code and tokens"));
    if (has(query, "access_token"))
        return malformed(QStringLiteral(
            "the redirect carries tokens in its query, where GoTrue never puts them"));

    if (hasCode) {
        const QString code = value(query, "code");
        if (!plausibleToken(code) || query.allQueryItemValues(QStringLiteral("code")).size() != 1)
            return malformed(
                QStringLiteral("the redirect's code is empty, repeated or not printable"));
        result.d->kind = Kind::Code;
        result.d->code = code;
        return result;
    }

    QJsonObject tokens;
    for (const char *key : {"access_token", "refresh_token", "token_type", "provider_token",
                            "provider_refresh_token"}) {
        if (has(fragment, key))
            tokens.insert(QLatin1String(key), value(fragment, key));
    }
    for (const char *key : {"expires_in", "expires_at"}) {
        if (!has(fragment, key))
            continue;
        bool ok = false;
        const qint64 n = value(fragment, key).toLongLong(&ok);
        if (!ok || n <= 0)
            return malformed(QStringLiteral("the redirect's %1 is not a positive number")
                                 .arg(QLatin1String(key)));
        tokens.insert(QLatin1String(key), n);
    }
    if (!plausibleToken(tokens.value(QStringLiteral("access_token")).toString()))
        return malformed(QStringLiteral("the redirect's access_token is empty or not printable"));
    if (!plausibleToken(tokens.value(QStringLiteral("refresh_token")).toString()))
        return malformed(
            QStringLiteral("the redirect carries an access token but no refresh token"));
    AuthError error;
    const Session session = Session::fromJsonObject(tokens, &error);
    if (!session.isValid())
        return malformed(error.message());
    result.d->kind = Kind::Tokens;
    result.d->session = session;
    return result;
}

} // namespace WeChatLogin
