// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_AUTHERROR_H
#define WECHATLOGIN_AUTHERROR_H

#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QByteArray>
#include <QCoreApplication>
#include <QMetaType>
#include <QSharedDataPointer>
#include <QString>

namespace WeChatLogin {

class AuthErrorData;

/*
 * What went wrong, in four layers: a kind a program can switch on, what the
 * server said (code, message, HTTP status), and a translated sentence that
 * tells a person what to do.
 */
class WECHATLOGIN_AUTH_EXPORT AuthError
{
    Q_GADGET
    Q_DECLARE_TR_FUNCTIONS(WeChatLogin::AuthError)
    Q_PROPERTY(Kind kind READ kind)
    Q_PROPERTY(QString serverCode READ serverCode)
    Q_PROPERTY(QString message READ message)
    Q_PROPERTY(int httpStatus READ httpStatus)
    Q_PROPERTY(bool retryable READ isRetryable)

public:
    enum class Kind {
        NoError,
        Network,              // no connection, DNS, connection refused or reset
        Timeout,              // no answer within the request timeout
        Tls,                  // certificate or handshake failure; never ignored
        ServerUnavailable,    // 502, 503, 504 and other 5xx
        RateLimited,          // 429
        Conflict,             // 409: another request got there first
        InvalidRequest,       // the server refused the request as malformed
        FlowExpired,          // the 5-minute flow state died: restart the sign-in
        CodeVerifierMismatch, // PKCE verifier does not match the challenge
        CodeInvalid,          // auth code unknown or already used
        StateInvalid,         // the OAuth state is unknown, expired or used
        RefreshTokenReused,   // the token family was revoked by a reuse
        RefreshTokenNotFound, // revoked, e.g. signed out elsewhere
        SessionNotFound,      // the session ended on the server
        NotAuthenticated,     // missing or invalid access token
        AccessDenied,         // refused, banned, or sign-ups disabled
        ProviderError,        // WeChat or GoTrue's provider step failed
        ConfigError,          // our own settings are wrong
        InvalidResponse,      // the server's answer is not what GoTrue sends
        KeychainUnavailable,  // no OS keychain could be reached, or it did not answer
        KeychainLocked,       // the keychain is there but locked: nothing can be read or stored
        KeychainError,        // the keychain refused or failed
        StoredSessionCorrupt, // the stored session cannot be read
        Cancelled,
        Unknown,
        Proxy,               // the proxy refused, was not found, or asks for credentials (407)
        CaptivePortal,       // a redirect or an HTML page where GoTrue answers JSON: the network's
                             // sign-in page or a proxy's page answered instead
        UnsavedElsewhere,    // another process of the app holds a newer session the keychain
                             // has not taken yet: wait for it to store it
        BrowserDidNotReturn, // BrowserSignIn: the browser never came back to the app (its
                             // deadline passed), or GoTrue will send it elsewhere: the
                             // redirect URL list lacks the loopback address
    };
    Q_ENUM(Kind)

    AuthError();
    AuthError(Kind kind, const QString &message, const QString &serverCode = QString(),
              int httpStatus = 0);
    AuthError(const AuthError &other);
    AuthError(AuthError &&other) noexcept;
    AuthError &operator=(const AuthError &other);
    AuthError &operator=(AuthError &&other) noexcept;
    ~AuthError();

    bool isError() const { return kind() != Kind::NoError; }
    explicit operator bool() const { return isError(); }

    Kind kind() const;
    QString serverCode() const; // e.g. "flow_state_expired"; empty when none
    QString message() const;    // the server's (or our) technical message
    int httpStatus() const;     // 0 when no HTTP answer
    // Network errors, timeouts, 5xx, 409 and 429 may succeed on a retry.
    bool isRetryable() const;
    // GoTrue itself said that the session is over: one of its own error codes
    // (refresh_token_not_found, refresh_token_already_used, session_not_found,
    // session_expired, user_banned, ...) or their legacy invalid_grant wording. A bare
    // 401/403/404, a gateway's or proxy's page, a TLS failure or an unreadable answer
    // never ends a session.
    bool endsSession() const;
    // Seconds the server asked to wait (Retry-After), 0 when it did not say.
    int retryAfterSeconds() const;
    void setRetryAfterSeconds(int seconds);
    // A translated sentence a person can act on.
    QString userMessage() const;
    // "kind (server code, HTTP status): message", for logs and error details.
    QString toString() const;

    static QString kindName(Kind kind);

    // The tolerant parser: every GoTrue error body shape across server versions.
    static AuthError fromHttpResponse(int httpStatus, const QByteArray &body,
                                      const QByteArray &errorCodeHeader = QByteArray());
    // error / error_code / error_description as found in a redirect.
    static AuthError fromRedirectError(const QString &error, const QString &errorCode,
                                       const QString &description);

    bool operator==(const AuthError &other) const;
    bool operator!=(const AuthError &other) const { return !(*this == other); }

private:
    QSharedDataPointer<AuthErrorData> d;
};

} // namespace WeChatLogin

Q_DECLARE_METATYPE(WeChatLogin::AuthError)

#endif
