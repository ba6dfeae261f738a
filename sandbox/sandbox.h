// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SANDBOX_H
#define WECHATLOGIN_SANDBOX_H

#include <WeChatLogin/wechatlogin_sandbox_export.h>

// Qt
#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

class QCommandLineParser;

namespace WeChatLogin {

/*
 * Settings of one sandbox instance. The names mirror the command-line flags of
 * wechat-login-sandbox (docs/SANDBOX.md); durations are in milliseconds here. The
 * defaults below are the only ones: addOptions() shows them in --help.
 */
struct WECHATLOGIN_SANDBOX_EXPORT SandboxOptions
{
    enum class ServerEra { Current, Legacy };
    enum class PageStyle { Legacy, New };

    QHostAddress host = QHostAddress::LocalHost;
    quint16 authPort = 0;
    quint16 wechatPort = 0;
    qint64 autoConfirmMs = 0; // 0: off
    qint64 flowStateTtlMs = 300'000;
    qint64 qrTtlMs = 300'000;
    qint64 longPollMs = 25'000;
    qint64 jwtExpMs = 3'600'000;
    qint64 refreshReuseIntervalMs = 0;
    QUrl siteUrl = QUrl(QStringLiteral("http://127.0.0.1:3000"));
    QStringList redirectAllow = defaultRedirectAllowList();
    ServerEra serverEra = ServerEra::Current;
    PageStyle pageStyle = PageStyle::Legacy;
    // Both set: the auth origin serves HTTPS with this certificate chain and key (PEM), as
    // a project behind a corporate CA would (--ca-file, proxies); the WeChat origin stays
    // plain HTTP.
    QString tlsCertificateFile;
    QString tlsKeyFile;

    static QStringList defaultRedirectAllowList();

    // wechat-login-sandbox's flags (--host, --auth-port, ..., --page-style).
    static void addOptions(QCommandLineParser &parser);
    // The options a command line parsed with addOptions() asks for; nullopt, with the bad
    // flag named in *errorString, when a value is wrong.
    static std::optional<SandboxOptions> fromParser(const QCommandLineParser &parser,
                                                    QString *errorString = nullptr);
};

class SandboxPrivate;

/*
 * A faithful local stand-in for MemFire Auth (GoTrue) and WeChat's website QR
 * login: two HTTP origins on loopback, driven by the browser flow or by the
 * control API under /sandbox/. See docs/SANDBOX.md for the contract.
 */
class WECHATLOGIN_SANDBOX_EXPORT Sandbox : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool running READ isRunning NOTIFY runningChanged)
    Q_PROPERTY(QUrl authUrl READ authUrl NOTIFY runningChanged)
    Q_PROPERTY(QUrl wechatUrl READ wechatUrl NOTIFY runningChanged)

public:
    enum class QrStatus { Waiting, Scanned, Confirmed, Cancelled, Expired };
    Q_ENUM(QrStatus)

    explicit Sandbox(QObject *parent = nullptr);
    explicit Sandbox(const SandboxOptions &options, QObject *parent = nullptr);
    ~Sandbox() override;

    SandboxOptions options() const;

    // Starts both listeners. Returns false with a reason when a port cannot be bound.
    bool start(QString *errorString = nullptr);
    void stop();
    bool isRunning() const;

    QUrl authUrl() const;   // e.g. http://127.0.0.1:PA
    QUrl wechatUrl() const; // e.g. http://127.0.0.1:PW
    QString anonKey() const;
    QString appId() const;
    QUrl siteUrl() const;
    // The ready line printed by wechat-login-sandbox (compact JSON, no newline).
    QByteArray readyLine() const;

    // The control API, for in-process callers (the app's "play the phone" button).
    QString latestQrUuid() const;
    QrStatus qrStatus(const QString &uuid) const; // Expired for an unknown uuid
    QUrl confirmPageUrl(const QString &uuid) const;
    bool scanQr(const QString &uuid, QString *errorString = nullptr);
    bool confirmQr(const QString &uuid, const QString &userId = QString(),
                   QString *errorString = nullptr);
    bool cancelQr(const QString &uuid, QString *errorString = nullptr);
    bool expireQr(const QString &uuid, QString *errorString = nullptr);

    static QString qrStatusName(QrStatus status);

Q_SIGNALS:
    void runningChanged();
    void qrCreated(const QString &uuid);
    void qrStatusChanged(const QString &uuid, WeChatLogin::Sandbox::QrStatus status);

private:
    Q_DISABLE_COPY(Sandbox)
    Q_DECLARE_PRIVATE(Sandbox)
    std::unique_ptr<SandboxPrivate> d_ptr;
};

} // namespace WeChatLogin

#endif
