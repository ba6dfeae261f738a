// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authconfig.h"
#include "session.h"
#include "trustedhosts.h"

// Qt
#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>

namespace WeChatLogin {

class AuthConfigData : public QSharedData
{
public:
    QUrl projectUrl;
    QString anonKey;
    QString provider = QStringLiteral("wechat_qr");
    QUrl redirectUrl;
    QString scopes;
    AuthConfig::FlowType flowType = AuthConfig::FlowType::Pkce;
    QString storageKey;
    int requestTimeoutMs = 30000;
    QList<QPair<QString, QString>> extraParams;
    QStringList trustedHosts = AuthConfig::defaultTrustedHosts();
};

AuthConfig::AuthConfig()
    : d(new AuthConfigData)
{}

AuthConfig::AuthConfig(const QUrl &projectUrl, const QString &anonKey)
    : AuthConfig()
{
    d->projectUrl = projectUrl;
    d->anonKey = anonKey;
}

AuthConfig::AuthConfig(const AuthConfig &other) = default;
AuthConfig::AuthConfig(AuthConfig &&other) noexcept = default;
AuthConfig &AuthConfig::operator=(const AuthConfig &other) = default;
AuthConfig &AuthConfig::operator=(AuthConfig &&other) noexcept = default;
AuthConfig::~AuthConfig() = default;

QUrl AuthConfig::projectUrl() const
{
    return d->projectUrl;
}
void AuthConfig::setProjectUrl(const QUrl &url)
{
    d->projectUrl = url;
}
QString AuthConfig::anonKey() const
{
    return d->anonKey;
}
void AuthConfig::setAnonKey(const QString &key)
{
    d->anonKey = key.trimmed();
}
QString AuthConfig::provider() const
{
    return d->provider;
}
void AuthConfig::setProvider(const QString &provider)
{
    d->provider = provider;
}
QUrl AuthConfig::redirectUrl() const
{
    return d->redirectUrl;
}
void AuthConfig::setRedirectUrl(const QUrl &url)
{
    d->redirectUrl = url;
}
QString AuthConfig::scopes() const
{
    return d->scopes;
}
void AuthConfig::setScopes(const QString &scopes)
{
    d->scopes = scopes;
}
AuthConfig::FlowType AuthConfig::flowType() const
{
    return d->flowType;
}
void AuthConfig::setFlowType(FlowType type)
{
    d->flowType = type;
}
int AuthConfig::requestTimeoutMs() const
{
    return d->requestTimeoutMs;
}
void AuthConfig::setRequestTimeoutMs(int ms)
{
    d->requestTimeoutMs = ms;
}
QList<QPair<QString, QString>> AuthConfig::extraAuthorizeParams() const
{
    return d->extraParams;
}
void AuthConfig::setExtraAuthorizeParams(const QList<QPair<QString, QString>> &params)
{
    d->extraParams = params;
}
QStringList AuthConfig::trustedHosts() const
{
    return d->trustedHosts;
}
void AuthConfig::setTrustedHosts(const QStringList &hosts)
{
    d->trustedHosts = hosts;
}
void AuthConfig::setStorageKey(const QString &key)
{
    d->storageKey = key;
}

QString AuthConfig::storageKey() const
{
    if (!d->storageKey.isEmpty())
        return d->storageKey;
    const QString ref = d->projectUrl.host().section(u'.', 0, 0);
    return QStringLiteral("sb-%1-auth-token").arg(ref);
}

bool AuthConfig::isTrustedUrl(const QUrl &url) const
{
    return TrustedHosts(d->projectUrl, d->trustedHosts).contains(url);
}

bool AuthConfig::isCustomScheme(const QString &scheme)
{
    static const QRegularExpression syntax(QStringLiteral("^[a-z][a-z0-9+.-]*$"));
    static const QStringList reserved{QStringLiteral("http"),
                                      QStringLiteral("https"),
                                      QStringLiteral("ws"),
                                      QStringLiteral("wss"),
                                      QStringLiteral("ftp"),
                                      QStringLiteral("file"),
                                      QStringLiteral("javascript"),
                                      QStringLiteral("data"),
                                      QStringLiteral("about"),
                                      QStringLiteral("blob"),
                                      QStringLiteral("filesystem"),
                                      QStringLiteral("chrome"),
                                      QStringLiteral("chrome-extension"),
                                      QStringLiteral("view-source"),
                                      QStringLiteral("devtools"),
                                      QStringLiteral("qrc"),
                                      QStringLiteral("mailto"),
                                      QStringLiteral("tel"),
                                      QStringLiteral("sms"),
                                      QStringLiteral("intent")};
    return syntax.match(scheme).hasMatch() && !reserved.contains(scheme);
}

QStringList AuthConfig::defaultTrustedHosts()
{
    return {QStringLiteral("open.weixin.qq.com"), QStringLiteral("long.open.weixin.qq.com"),
            QStringLiteral("lp.open.weixin.qq.com")};
}

bool AuthConfig::isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QUrl AuthConfig::authBaseUrl() const
{
    QUrl url = d->projectUrl;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + QStringLiteral("/auth/v1"));
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

AuthError AuthConfig::validate() const
{
    auto fail = [](const QString &message) {
        return AuthError(AuthError::Kind::ConfigError, message);
    };
    const QUrl &url = d->projectUrl;
    if (url.isEmpty())
        return fail(tr("the project URL is not set"));
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        return fail(
            tr("the project URL \"%1\" is not an absolute http(s) URL").arg(url.toString()));
    }
    if (url.scheme() == QLatin1String("http") && !isLoopbackHost(url.host()))
        return fail(tr("the project URL must use https:// (plain http is allowed only for loopback "
                       "addresses)"));
    if (url.hasQuery() || url.hasFragment())
        return fail(tr("the project URL must not have a query or fragment"));
    if (!url.userInfo().isEmpty())
        return fail(tr("the project URL must not contain a user name or password"));
    if (d->anonKey.isEmpty())
        return fail(tr("the anon key is not set"));
    if (!d->anonKey.startsWith(QLatin1String("sb_publishable_"))) {
        if (d->anonKey.startsWith(QLatin1String("sb_secret_")))
            return fail(tr(
                "the anon key is a secret key; a desktop app must use the anon (publishable) key"));
        const auto claims = Session::decodeJwtClaims(d->anonKey);
        if (!claims)
            return fail(tr("the anon key is neither a JWT nor an sb_publishable_ key"));
        if (claims->value(QStringLiteral("role")).toString() == QLatin1String("service_role"))
            return fail(tr("the anon key is the service_role key; never ship it in a desktop app"));
    }
    static const QRegularExpression providerRe(QStringLiteral("^[a-z0-9_]+$"));
    if (!providerRe.match(d->provider).hasMatch())
        return fail(tr("the provider \"%1\" is not a provider name").arg(d->provider));
    if (!d->redirectUrl.isEmpty()) {
        const QUrl &redirect = d->redirectUrl;
        // Shown without any user info it might carry.
        const QString shown = redirect.toString(QUrl::RemoveUserInfo);
        if (!redirect.isValid() || redirect.isRelative())
            return fail(tr("the redirect URL \"%1\" is not an absolute URL").arg(shown));
        if (!redirect.userInfo().isEmpty())
            return fail(tr("the redirect URL must not contain a user name or password"));
        const QString scheme = redirect.scheme();
        const bool web = scheme == QLatin1String("https")
                         || (scheme == QLatin1String("http") && isLoopbackHost(redirect.host()));
        if (scheme == QLatin1String("http") && !web)
            return fail(tr("the redirect URL \"%1\" must use https:// (plain http is allowed "
                           "only for loopback addresses)")
                            .arg(shown));
        if (!web && !isCustomScheme(scheme))
            return fail(tr("the redirect URL \"%1\" must be https://, http:// on a loopback "
                           "address, or a custom scheme of the app (myapp://callback)")
                            .arg(shown));
        if (web && redirect.host().isEmpty())
            return fail(tr("the redirect URL \"%1\" has no host").arg(shown));
    }
    for (const QString &host : d->trustedHosts) {
        if (!TrustedHosts::entryError(host).isEmpty())
            return fail(tr("the trusted host \"%1\" is not a host name or IP address with an "
                           "optional port (HOST, HOST:PORT, [IPv6] or [IPv6]:PORT)")
                            .arg(host.trimmed()));
    }
    if (d->requestTimeoutMs <= 0)
        return fail(tr("the request timeout must be positive"));
    return AuthError();
}

bool AuthConfig::operator==(const AuthConfig &other) const
{
    return d->projectUrl == other.d->projectUrl && d->anonKey == other.d->anonKey
           && d->provider == other.d->provider && d->redirectUrl == other.d->redirectUrl
           && d->scopes == other.d->scopes && d->flowType == other.d->flowType
           && storageKey() == other.storageKey() && d->requestTimeoutMs == other.d->requestTimeoutMs
           && d->extraParams == other.d->extraParams && d->trustedHosts == other.d->trustedHosts;
}

} // namespace WeChatLogin
