// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SANDBOX_SANDBOX_P_H
#define WECHATLOGIN_SANDBOX_SANDBOX_P_H

#include "httpexchange.h"
#include "sandbox.h"

// Qt
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QLoggingCategory>
#include <QMap>
#include <QNetworkAccessManager>
#include <QRgb>
#include <QTimer>

#include <memory>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcSandbox)

namespace WeChatLogin {

namespace SandboxInternal {

struct VirtualUser
{
    QString id; // "default", "second"
    QString openid;
    QString unionid;
    QString nickname;
    int sex = 0;
    QString province;
    QString city;
    QString country;
    QRgb color = 0;
};

struct QrCode
{
    QString uuid;
    QString appId;
    QString redirectUri;
    QString state;
    QString lang;
    Sandbox::QrStatus status = Sandbox::QrStatus::Waiting;
    QString wxCode; // minted at confirm
    qint64 createdMs = 0;
    qint64 seq = 0;
};

struct HeldPoll
{
    ExchangePtr exchange;
    int last = 0;          // 0: no "last" parameter
    qint64 deadlineMs = 0; // answered 408 from then on
    std::shared_ptr<QTimer> timer;
};

struct WxCode
{
    QString userId;
    QString appId;
    qint64 issuedMs = 0;
    bool used = false;
};

struct WxToken
{
    QString userId;
    qint64 expiresMs = 0;
};

struct FlowState
{
    QString id;
    QString provider;
    QString codeChallenge;
    QString codeChallengeMethod; // lower case; empty for the implicit flow
    QString referrer;
    QString authCode;
    QString userId; // set by the callback
    QString providerToken;
    QString providerRefreshToken;
    qint64 createdMs = 0;
    bool isPkce() const { return !codeChallenge.isEmpty(); }
};

struct AuthUser
{
    QString id;
    QString wechatUserId; // VirtualUser::id
    QString createdAt;
    QString lastSignInAt;
    QString identityId;
};

struct AuthSession
{
    QString id;
    QString userId;
    qint64 createdMs = 0;
};

struct RefreshToken
{
    QString token;
    QString sessionId;
    QString parent;
    bool revoked = false;
    qint64 revokedMs = 0;
};

struct Fault
{
    QString path;
    int status = 0;
    int count = 1;
    int delayMs = 0;
    bool drop = false;
    QJsonValue body; // served verbatim when set
};

// An error as GoTrue reports it: HTTP status, error code and message.
struct ApiError
{
    ApiError() = default;
    ApiError(int status, QString code, QString message)
        : status(status)
        , code(std::move(code))
        , message(std::move(message))
    {}

    int status = 400;
    QString code;
    QString message;
    // OAuth-style errors (redirects): the "error" value when not derived from status.
    QString oauthError;
};

} // namespace SandboxInternal

class SandboxPrivate
{
    Q_DECLARE_PUBLIC(Sandbox)
public:
    explicit SandboxPrivate(Sandbox *q, const SandboxOptions &options);

    Sandbox *q_ptr;
    SandboxOptions options;
    std::unique_ptr<SandboxInternal::HttpServer> authServer;
    std::unique_ptr<SandboxInternal::HttpServer> wechatServer;
    QUrl authUrl;
    QUrl wechatUrl;
    QNetworkAccessManager upstream; // GoTrue -> WeChat /sns calls
    QByteArray jwtSecret;
    QString anonKey;
    QString appId;
    QString appSecret;
    QString appName;
    std::vector<SandboxInternal::VirtualUser> virtualUsers;

    // WeChat state
    QHash<QString, SandboxInternal::QrCode> qrCodes;
    qint64 qrSeq = 0;
    QString latestQr;
    QHash<QString, std::vector<SandboxInternal::HeldPoll>> heldPolls;
    QHash<QString, SandboxInternal::WxCode> wxCodes;
    QHash<QString, SandboxInternal::WxToken> wxAccessTokens;
    QHash<QString, SandboxInternal::WxToken> wxRefreshTokens;

    // GoTrue state
    QHash<QString, SandboxInternal::FlowState> flowStates; // by id
    QHash<QString, SandboxInternal::AuthUser> users;       // by id
    QHash<QString, SandboxInternal::AuthSession> sessions; // by id
    QHash<QString, SandboxInternal::RefreshToken> refreshTokens;

    // Control state
    std::vector<SandboxInternal::Fault> faults;
    QJsonArray requestLog;
    QHash<const SandboxInternal::Exchange *, int> logIndex;

    // sandbox.cpp
    void dispatch(const SandboxInternal::ExchangePtr &ex);
    void route(const SandboxInternal::ExchangePtr &ex);
    void finished(const SandboxInternal::Exchange &ex, const SandboxInternal::Response *response);
    SandboxInternal::Response faultResponse(const SandboxInternal::Request &req,
                                            const SandboxInternal::Fault &fault) const;
    void handleControl(const SandboxInternal::ExchangePtr &ex);
    bool transition(const QString &uuid, Sandbox::QrStatus to, const QString &userId,
                    QString *errorString, int *httpStatus = nullptr);
    const SandboxInternal::VirtualUser *virtualUser(const QString &id) const;
    Sandbox::QrStatus effectiveStatus(const SandboxInternal::QrCode &qr) const;

    // gotrue.cpp
    void handleAuth(const SandboxInternal::ExchangePtr &ex);
    void authAuthorize(const SandboxInternal::ExchangePtr &ex);
    void authCallback(const SandboxInternal::ExchangePtr &ex);
    void authToken(const SandboxInternal::ExchangePtr &ex);
    void authUser(const SandboxInternal::ExchangePtr &ex);
    void authLogout(const SandboxInternal::ExchangePtr &ex);
    SandboxInternal::Response apiError(const SandboxInternal::Request &req,
                                       const SandboxInternal::ApiError &error) const;
    QString validatedRedirect(const QString &candidate) const;
    bool redirectAllowed(const QString &url) const;
    QJsonObject userJson(const SandboxInternal::AuthUser &user) const;
    QJsonObject issueSession(const QString &userId, const QString &sessionId,
                             const QString &refreshToken);
    QString mintAccessToken(const SandboxInternal::AuthUser &user, const QString &sessionId,
                            qint64 expSec) const;
    std::optional<SandboxInternal::ApiError> authenticateBearer(const SandboxInternal::Request &req,
                                                                QJsonObject *claims) const;
    void finishCallback(const SandboxInternal::ExchangePtr &ex, const QString &flowId,
                        const QString &wxCode);
    void redirectWithError(const SandboxInternal::ExchangePtr &ex, const QString &target,
                           const SandboxInternal::ApiError &error);

    // wechat.cpp
    void handleWeChat(const SandboxInternal::ExchangePtr &ex);
    void wechatQrConnect(const SandboxInternal::ExchangePtr &ex);
    void wechatLongPoll(const SandboxInternal::ExchangePtr &ex);
    void wechatConfirmPage(const SandboxInternal::ExchangePtr &ex);
    void wechatSns(const SandboxInternal::ExchangePtr &ex);
    bool answerPollIfReady(SandboxInternal::HeldPoll &poll, const QString &uuid, bool timedOut);
    void wakePolls(const QString &uuid);
    void armPollTimer(SandboxInternal::HeldPoll &poll, const QString &uuid);
    SandboxInternal::Response pollAnswer(const SandboxInternal::QrCode &qr,
                                         Sandbox::QrStatus status) const;
    QString confirmUrlFor(const QString &uuid) const;

    // pages.cpp
    QByteArray renderQrPage(const SandboxInternal::QrCode &qr, bool newStyle,
                            const QUrlQuery &params) const;
    QByteArray renderWeuiError(const QString &title, bool en) const;
    QByteArray renderConfirmPage(const SandboxInternal::QrCode *qr, const QString &error,
                                 bool en) const;
    QByteArray qrImagePng(const QString &text) const;
    QByteArray avatarPng(const SandboxInternal::VirtualUser &user) const;
    QString avatarUrl(const SandboxInternal::VirtualUser &user) const;
};

} // namespace WeChatLogin

#endif
