// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_SANDBOXHOST_H
#define WECHATLOGIN_APP_SANDBOXHOST_H

// Qt
#include <QObject>
#include <QUrl>

#include <memory>

namespace WeChatLogin {

/*
 * The in-process sandbox, as the app uses it. It lives in libwechat-login-sandboxhost.so
 * (which links WeChatLogin::Sandbox, Qt HttpServer and WebSockets), loaded only in sandbox
 * mode: a verb against a real project maps none of it.
 */
class SandboxHost : public QObject
{
    Q_OBJECT
public:
    enum class QrStatus { Waiting, Scanned, Confirmed, Cancelled, Expired };
    Q_ENUM(QrStatus)

    using QObject::QObject;

    virtual bool start(qint64 autoConfirmMs, QString *error) = 0;
    virtual void stop() = 0; // both listeners closed: the servers are unreachable
    virtual QUrl authUrl() const = 0;
    virtual QUrl wechatUrl() const = 0;
    virtual QString anonKey() const = 0;

    virtual QString latestQrUuid() const = 0;
    virtual QrStatus qrStatus(const QString &uuid) const = 0;
    virtual QUrl confirmPageUrl(const QString &uuid) const = 0;
    virtual bool scanQr(const QString &uuid, QString *error) = 0;
    virtual bool confirmQr(const QString &uuid, QString *error) = 0;

    // A sandbox, from the sandbox host library; null with a reason when it cannot be loaded.
    static std::unique_ptr<SandboxHost> create(QString *error);

Q_SIGNALS:
    void qrCreated(const QString &uuid);
    void qrStatusChanged(const QString &uuid);
};

} // namespace WeChatLogin

// The sandbox host library's one entry point.
#define WECHATLOGIN_SANDBOX_HOST_ENTRY "wechatlogin_create_sandbox_host"
extern "C" {
using WeChatLoginSandboxHostEntry = WeChatLogin::SandboxHost *(*)();
}

#endif
