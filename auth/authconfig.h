// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_AUTHCONFIG_H
#define WECHATLOGIN_AUTHCONFIG_H

#include <WeChatLogin/autherror.h>
#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QList>
#include <QPair>
#include <QSharedDataPointer>
#include <QStringList>
#include <QUrl>

namespace WeChatLogin {

class AuthConfigData;

/*
 * Where and how to sign in: the MemFire project, its anon key, the provider
 * and the redirect URL. A value type; validate() says precisely what is wrong.
 */
class WECHATLOGIN_AUTH_EXPORT AuthConfig
{
    Q_GADGET
    Q_DECLARE_TR_FUNCTIONS(WeChatLogin::AuthConfig)
public:
    enum class FlowType { Pkce, Implicit };
    Q_ENUM(FlowType)

    AuthConfig();
    AuthConfig(const QUrl &projectUrl, const QString &anonKey);
    AuthConfig(const AuthConfig &other);
    AuthConfig(AuthConfig &&other) noexcept;
    AuthConfig &operator=(const AuthConfig &other);
    AuthConfig &operator=(AuthConfig &&other) noexcept;
    ~AuthConfig();

    // e.g. https://<ref>.baseapi.memfiredb.com
    QUrl projectUrl() const;
    void setProjectUrl(const QUrl &url);
    // The project's anon (publishable) key: a JWT with role anon, or sb_publishable_...
    QString anonKey() const;
    void setAnonKey(const QString &key);
    // Default "wechat_qr".
    QString provider() const;
    void setProvider(const QString &provider);
    // Where GoTrue sends the browser after sign-in; must be in MemFire's 重定向URL列表.
    // Empty: GoTrue falls back to the project's Site URL.
    QUrl redirectUrl() const;
    void setRedirectUrl(const QUrl &url);
    QString scopes() const;
    void setScopes(const QString &scopes);
    FlowType flowType() const;
    void setFlowType(FlowType type);
    // Default sb-<ref>-auth-token, <ref> the first label of the project host (as auth-js).
    QString storageKey() const;
    void setStorageKey(const QString &key);
    int requestTimeoutMs() const; // default 30000
    void setRequestTimeoutMs(int ms);
    // Extra query parameters for /authorize, passed on to the provider (e.g. lang=en).
    QList<QPair<QString, QString>> extraAuthorizeParams() const;
    void setExtraAuthorizeParams(const QList<QPair<QString, QString>> &params);
    // Hosts ("host", "host:port", "[IPv6]", "[IPv6]:port") the sign-in page may navigate
    // to, besides the project's own origin. Default: WeChat's Open Platform hosts.
    QStringList trustedHosts() const;
    void setTrustedHosts(const QStringList &hosts);
    // Whether the sign-in page may load url: the project's origin or a trusted host
    // (TrustedHosts).
    bool isTrustedUrl(const QUrl &url) const;

    // <project>/auth/v1
    QUrl authBaseUrl() const;
    // NoError when usable; otherwise a ConfigError naming the setting. The redirect URL
    // must be https://, http:// on a loopback host, or a custom scheme (myapp://...) the
    // app registers; javascript:, file:, data: and the like are refused, and so is a
    // password or user name in the project or redirect URL.
    AuthError validate() const;
    // A scheme an app may register for its redirect URL: not a web or browser scheme.
    static bool isCustomScheme(const QString &scheme);

    static QStringList defaultTrustedHosts();
    // True for 127.0.0.0/8, ::1 and localhost.
    static bool isLoopbackHost(const QString &host);

    bool operator==(const AuthConfig &other) const;
    bool operator!=(const AuthConfig &other) const { return !(*this == other); }

private:
    QSharedDataPointer<AuthConfigData> d;
};

} // namespace WeChatLogin

#endif
