// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SANDBOX_FAKEWECHAT_P_H
#define WECHATLOGIN_SANDBOX_FAKEWECHAT_P_H

#include "httpexchange.h"
#include "sandbox.h"
#include "sandboxcontext_p.h"
#include "virtualusers_p.h"

// Qt
#include <QHash>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace WeChatLogin::SandboxInternal {

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

/*
 * The WeChat origin (docs/PROTOCOL.md section 3): the website QR login page and its
 * long poll, the QR state machine the virtual phone and the control API drive, the
 * virtual phone's page, and the server-side /sns APIs GoTrue calls.
 */
class FakeWeChat
{
public:
    using QrStatus = Sandbox::QrStatus;

    FakeWeChat(const SandboxContext &context, const VirtualUsers &users);

    // Reported to Sandbox's signals.
    std::function<void(const QString &uuid)> onQrCreated;
    std::function<void(const QString &uuid, QrStatus status)> onQrStatusChanged;

    void handle(const ExchangePtr &ex);
    // Answers held long polls (the sockets are about to go).
    void stop();

    // The QR state machine: scan, confirm (scanning first; one WeChat code per confirm),
    // cancel, expire. false with a reason and an HTTP status for a refused transition.
    bool transition(const QString &uuid, QrStatus to, const QString &userId, QString *errorString,
                    int *httpStatus = nullptr);
    QString latestQr() const { return m_latestQr; }
    bool hasQr(const QString &uuid) const { return m_qrCodes.contains(uuid); }
    QrStatus status(const QString &uuid) const; // Expired for an unknown uuid
    QUrl confirmPageUrl(const QString &uuid) const;

private:
    QrStatus effectiveStatus(const QrCode &qr) const;
    void qrConnect(const ExchangePtr &ex);
    void longPoll(const ExchangePtr &ex);
    void confirmPage(const ExchangePtr &ex);
    void sns(const ExchangePtr &ex);
    bool answerPollIfReady(HeldPoll &poll, const QString &uuid, bool timedOut);
    void wakePolls(const QString &uuid);
    void armPollTimer(HeldPoll &poll, const QString &uuid);
    Response pollAnswer(const QrCode &qr, QrStatus status) const;

    // wechatpages.cpp
    QByteArray renderQrPage(const QrCode &qr, bool newStyle, const QUrlQuery &params) const;
    QByteArray renderWeuiError(const QString &title) const;
    QByteArray renderConfirmPage(const QrCode *qr, const QString &error, bool en) const;
    static QByteArray pollingScript();
    static QByteArray qrImagePng(const QString &text);

    const SandboxContext &m_context;
    const VirtualUsers &m_users;
    QHash<QString, QrCode> m_qrCodes;
    qint64 m_qrSeq = 0;
    QString m_latestQr;
    QHash<QString, std::vector<HeldPoll>> m_heldPolls;
    QHash<QString, WxCode> m_wxCodes;
    QHash<QString, WxToken> m_wxAccessTokens;
    QHash<QString, WxToken> m_wxRefreshTokens;
};

} // namespace WeChatLogin::SandboxInternal

#endif
