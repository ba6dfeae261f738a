// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "autherror.h"
#include "displaytext_p.h"
#include "jsonutil_p.h"

// Qt
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QUrl>

namespace WeChatLogin {

class AuthErrorData : public QSharedData
{
public:
    AuthError::Kind kind = AuthError::Kind::NoError;
    QString serverCode;
    QString message;
    int httpStatus = 0;
    int retryAfterSeconds = 0;
};

AuthError::AuthError()
    : d(new AuthErrorData)
{}

AuthError::AuthError(Kind kind, const QString &message, const QString &serverCode, int httpStatus)
    : d(new AuthErrorData)
{
    d->kind = kind;
    d->message = message;
    d->serverCode = serverCode;
    d->httpStatus = httpStatus;
}

AuthError::AuthError(const AuthError &other) = default;
AuthError::AuthError(AuthError &&other) noexcept = default;
AuthError &AuthError::operator=(const AuthError &other) = default;
AuthError &AuthError::operator=(AuthError &&other) noexcept = default;
AuthError::~AuthError() = default;

AuthError::Kind AuthError::kind() const
{
    return d->kind;
}

QString AuthError::serverCode() const
{
    return d->serverCode;
}

QString AuthError::message() const
{
    return d->message;
}

int AuthError::httpStatus() const
{
    return d->httpStatus;
}

bool AuthError::isRetryable() const
{
    switch (d->kind) {
    case Kind::Network:
    case Kind::Timeout:
    case Kind::ServerUnavailable:
    case Kind::RateLimited:
    case Kind::Conflict:
    case Kind::Proxy:
    case Kind::CaptivePortal:
    case Kind::UnsavedElsewhere:
        return true;
    default:
        return false;
    }
}

bool AuthError::endsSession() const
{
    switch (d->kind) {
    // These kinds only ever come from GoTrue's own codes or its fixed legacy wording.
    case Kind::RefreshTokenReused:
    case Kind::RefreshTokenNotFound:
    case Kind::SessionNotFound:
        return true;
    // AccessDenied also comes from a bare 403 (a gateway, a firewall): only GoTrue's code
    // for a banned user is final.
    case Kind::AccessDenied:
        return d->serverCode == QLatin1String("user_banned");
    default:
        return false;
    }
}

int AuthError::retryAfterSeconds() const
{
    return d->retryAfterSeconds;
}

void AuthError::setRetryAfterSeconds(int seconds)
{
    d->retryAfterSeconds = std::max(0, seconds);
}

bool AuthError::operator==(const AuthError &other) const
{
    return d->kind == other.d->kind && d->serverCode == other.d->serverCode
           && d->message == other.d->message && d->httpStatus == other.d->httpStatus;
}

QString AuthError::kindName(Kind kind)
{
    return QString::fromLatin1(QMetaEnum::fromType<Kind>().valueToKey(int(kind)));
}

QString AuthError::toString() const
{
    if (!isError())
        return QStringLiteral("NoError");
    QString s = kindName(d->kind);
    QStringList detail;
    if (!d->serverCode.isEmpty())
        detail << d->serverCode;
    if (d->httpStatus)
        detail << QStringLiteral("HTTP %1").arg(d->httpStatus);
    if (!detail.isEmpty())
        s += QStringLiteral(" (") + detail.join(QStringLiteral(", ")) + u')';
    if (!d->message.isEmpty())
        s += QStringLiteral(": ") + d->message;
    return s;
}

QString AuthError::userMessage() const
{
    switch (d->kind) {
    case Kind::NoError:
        return QString();
    case Kind::Network:
        return tr("Cannot reach the sign-in server. Check your network connection and try again.");
    case Kind::Timeout:
        return tr("The sign-in server did not answer in time. Check your network and try again.");
    case Kind::Tls:
        return tr("The server's security certificate could not be verified, so the connection was "
                  "refused. Check the system date and any proxy, or contact the administrator.");
    case Kind::ServerUnavailable:
        return tr("The sign-in service is temporarily unavailable. Try again in a moment.");
    case Kind::RateLimited:
        return tr("Too many attempts in a short time. Wait a moment and try again.");
    case Kind::Conflict:
        return tr("Another sign-in request was in progress. Try again.");
    case Kind::InvalidRequest:
        return tr("The sign-in server rejected the request. Try again; if it keeps happening, "
                  "update the application.");
    case Kind::FlowExpired:
        return tr("The QR code has expired. Please scan the new code.");
    case Kind::CodeVerifierMismatch:
        return tr("This sign-in could not be verified. Please scan the QR code again.");
    case Kind::CodeInvalid:
        return tr("This sign-in was already used or has expired. Please scan the QR code again.");
    case Kind::StateInvalid:
        return tr("The sign-in page has expired. Please scan the QR code again.");
    case Kind::RefreshTokenReused:
    case Kind::RefreshTokenNotFound:
    case Kind::SessionNotFound:
    case Kind::NotAuthenticated:
        return tr("Your session has ended. Please sign in again.");
    case Kind::AccessDenied:
        return tr("Sign-in was refused. The account may be blocked or new sign-ups disabled; "
                  "contact the administrator.");
    case Kind::ProviderError:
        return tr("WeChat sign-in failed on the server. Please try again.");
    case Kind::ConfigError:
        return tr("The sign-in settings are invalid: %1").arg(d->message);
    case Kind::InvalidResponse:
        return tr("The sign-in server sent an answer this application does not understand.");
    case Kind::Proxy:
        if (d->httpStatus == 407)
            return tr("The proxy asks for a user name and password. Give them in the proxy "
                      "setting (http://user:password@host:port), or ask your network "
                      "administrator.");
        return tr("The proxy could not be used (%1). Check the proxy setting (--proxy, "
                  "WECHAT_LOGIN_PROXY or the system's) and try again.")
            .arg(d->message);
    case Kind::CaptivePortal:
        return tr("The network answered instead of the sign-in server (a captive portal or a "
                  "proxy's page). Sign in to the network in a browser, then try again.");
    case Kind::KeychainUnavailable:
        return tr("The system keychain could not be reached, so the session cannot be read or "
                  "saved now. Check that the keyring service (gnome-keyring or KWallet) is "
                  "running; until then you stay signed in only while the application runs.");
    case Kind::UnsavedElsewhere:
        return tr("Another window or command of this app holds a newer session that the "
                  "system keychain has not taken yet; it saves it as soon as the keychain "
                  "answers. Try again in a moment: nothing is lost.");
    case Kind::KeychainLocked:
        return tr("The system keychain is locked. Unlock it (log in to the desktop, or open "
                  "Passwords and Keys) and try again; your sign-in is kept.");
    case Kind::KeychainError:
        return tr("The system keychain refused to store or read the session.");
    case Kind::StoredSessionCorrupt:
        return tr("The saved session could not be read. Please sign in again.");
    case Kind::Cancelled:
        return tr("Sign-in was cancelled.");
    case Kind::BrowserDidNotReturn: {
        // The message is where GoTrue sends the browser (BrowserSignIn's dry run), or not a
        // URL when the deadline passed.
        const QString fix = tr("Add http://127.0.0.1:*/** to the project's redirect URL list: "
                               "MemFire Cloud → 认证 → URL配置 → 重定向URL列表.");
        const QUrl landed(d->message, QUrl::StrictMode);
        if (landed.isValid()
            && (landed.scheme() == QLatin1String("https")
                || landed.scheme() == QLatin1String("http"))) {
            return tr("The server will send the browser to %1, not back to this app: its "
                      "redirect URL list does not take this app's loopback address. %2")
                .arg(landed.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery
                                     | QUrl::RemoveFragment),
                     fix);
        }
        return tr("The browser did not come back to this app in time. If it showed another "
                  "page after you confirmed on the phone: %1")
            .arg(fix);
    }
    case Kind::Unknown:
        break;
    }
    return tr("Sign-in failed. Please try again.");
}

namespace {

AuthError::Kind kindForCode(const QString &code)
{
    using K = AuthError::Kind;
    static const QHash<QString, K> kinds{
        {QStringLiteral("validation_failed"), K::InvalidRequest},
        {QStringLiteral("bad_json"), K::InvalidRequest},
        {QStringLiteral("invalid_request"), K::InvalidRequest},
        {QStringLiteral("unsupported_grant_type"), K::InvalidRequest},
        {QStringLiteral("flow_state_expired"), K::FlowExpired},
        {QStringLiteral("flow_state_not_found"), K::CodeInvalid},
        {QStringLiteral("bad_code_verifier"), K::CodeVerifierMismatch},
        {QStringLiteral("bad_oauth_state"), K::StateInvalid},
        {QStringLiteral("flow_state_already_used"), K::StateInvalid},
        {QStringLiteral("bad_oauth_callback"), K::ProviderError},
        {QStringLiteral("refresh_token_already_used"), K::RefreshTokenReused},
        {QStringLiteral("refresh_token_not_found"), K::RefreshTokenNotFound},
        {QStringLiteral("session_not_found"), K::SessionNotFound},
        {QStringLiteral("session_expired"), K::SessionNotFound},
        {QStringLiteral("no_authorization"), K::NotAuthenticated},
        {QStringLiteral("bad_jwt"), K::NotAuthenticated},
        {QStringLiteral("user_not_found"), K::SessionNotFound},
        {QStringLiteral("user_banned"), K::AccessDenied},
        {QStringLiteral("signup_disabled"), K::AccessDenied},
        {QStringLiteral("access_denied"), K::AccessDenied},
        {QStringLiteral("provider_disabled"), K::AccessDenied},
        {QStringLiteral("over_request_rate_limit"), K::RateLimited},
        {QStringLiteral("conflict"), K::Conflict},
        {QStringLiteral("server_error"), K::ProviderError},
        {QStringLiteral("unexpected_failure"), K::ProviderError},
        {QStringLiteral("temporarily_unavailable"), K::ServerUnavailable},
        {QStringLiteral("unauthorized_client"), K::ConfigError},
    };
    return kinds.value(code, K::Unknown);
}

// Old servers say 403 {"code":403,"msg":..} or invalid_grant for everything: only the message
// tells.
AuthError::Kind kindForMessage(const QString &message)
{
    using K = AuthError::Kind;
    const QString m = message.toLower();
    if (m.contains(QLatin1String("flow state has expired")))
        return K::FlowExpired;
    if (m.contains(QLatin1String("no valid flow state"))
        || m.contains(QLatin1String("invalid flow state")))
        return K::CodeInvalid;
    if (m.contains(QLatin1String("code challenge does not match")))
        return K::CodeVerifierMismatch;
    if (m.contains(QLatin1String("missing authorization code"))) // WeChat's refusal, every version
        return K::ProviderError;
    if (m.contains(QLatin1String("already used")))
        return K::RefreshTokenReused;
    if (m.contains(QLatin1String("refresh token not found")))
        return K::RefreshTokenNotFound;
    if (m.contains(QLatin1String("session")) && m.contains(QLatin1String("does not exist")))
        return K::SessionNotFound;
    if (m.contains(QLatin1String("invalid jwt")) || m.contains(QLatin1String("bearer token")))
        return K::NotAuthenticated;
    if (m.contains(QLatin1String("should be non-empty")) || m.contains(QLatin1String("required")))
        return K::InvalidRequest;
    if (m.contains(QLatin1String("api key")))
        return K::ConfigError;
    return K::Unknown;
}

AuthError::Kind kindForStatus(int status)
{
    using K = AuthError::Kind;
    if (status == 429)
        return K::RateLimited;
    if (status == 409)
        return K::Conflict;
    if (status >= 500)
        return K::ServerUnavailable;
    if (status == 401)
        return K::NotAuthenticated;
    if (status == 403)
        return K::AccessDenied;
    if (status >= 400)
        return K::InvalidRequest;
    return K::InvalidResponse;
}

} // namespace

namespace {
// GoTrue's messages are a sentence; its codes a word (invalid_grant, refresh_token_not_found).
constexpr int MaxServerMessageChars = 300;
constexpr int MaxServerCodeChars = 64;
} // namespace

AuthError AuthError::fromHttpResponse(int httpStatus, const QByteArray &body,
                                      const QByteArray &errorCodeHeader)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QString message = Internal::firstString(o, {"msg", "message", "error_description", "error"});
    // code: a string "code" (new), else error_code, else error, else the header
    QString code = Internal::firstString(o, {"code", "error_code", "error"});
    if (code.isEmpty())
        code = QString::fromLatin1(errorCodeHeader);
    if (message.isEmpty() && o.isEmpty()) {
        // Not JSON: a proxy's HTML page or nothing at all. Keep a short, printable excerpt.
        message = QString::fromUtf8(body.left(200)).simplified();
    }

    Kind kind = Kind::Unknown;
    // 5xx from the gateway, and 409/429, say what they are whatever the body.
    if (httpStatus >= 500 || httpStatus == 429 || httpStatus == 409)
        kind = kindForStatus(httpStatus);
    if (kind == Kind::Unknown)
        kind = kindForCode(code);
    // GoTrue's fixed wording tells the kind on old servers; only a JSON body is GoTrue's (a
    // proxy's HTML page may say anything).
    if (!o.isEmpty() && (kind == Kind::Unknown || code == QLatin1String("invalid_grant"))) {
        const Kind fromMessage = kindForMessage(message);
        if (fromMessage != Kind::Unknown)
            kind = fromMessage;
    }
    if (kind == Kind::Unknown)
        kind = kindForStatus(httpStatus);
    // The server's words end up in logs, terminals and details panes: one clean line (and
    // a body of nothing but control characters says nothing).
    message = Internal::displayText(message, MaxServerMessageChars);
    if (message.isEmpty())
        message = QStringLiteral("HTTP %1").arg(httpStatus);
    return AuthError(kind, message, Internal::displayText(code, MaxServerCodeChars), httpStatus);
}

AuthError AuthError::fromRedirectError(const QString &error, const QString &errorCode,
                                       const QString &description)
{
    Kind kind = kindForCode(errorCode);
    if (kind == Kind::Unknown)
        kind = kindForMessage(description);
    if (kind == Kind::Unknown)
        kind = kindForCode(error);
    if (kind == Kind::Unknown)
        kind = Kind::ProviderError;
    const QString code =
        Internal::displayText(errorCode.isEmpty() ? error : errorCode, MaxServerCodeChars);
    QString message =
        Internal::displayText(description.isEmpty() ? error : description, MaxServerMessageChars);
    if (message.isEmpty())
        message = code.isEmpty() ? QStringLiteral("the server reported an error") : code;
    return AuthError(kind, message, code);
}

} // namespace WeChatLogin
