// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// libwechat-login-sandboxhost.so: the in-process sandbox behind SandboxHost.

#include "sandboxhost.h"
#include <WeChatLogin/sandbox.h>

namespace WeChatLogin {

namespace {

class SandboxHostImpl : public SandboxHost
{
public:
    bool start(qint64 autoConfirmMs, QString *error) override
    {
        SandboxOptions options;
        options.autoConfirmMs = autoConfirmMs;
        m_sandbox = std::make_unique<Sandbox>(options);
        connect(m_sandbox.get(), &Sandbox::qrCreated, this, &SandboxHost::qrCreated);
        connect(m_sandbox.get(), &Sandbox::qrStatusChanged, this,
                [this](const QString &uuid) { Q_EMIT qrStatusChanged(uuid); });
        return m_sandbox->start(error);
    }
    void stop() override { m_sandbox->stop(); }
    QUrl authUrl() const override { return m_sandbox->authUrl(); }
    QUrl wechatUrl() const override { return m_sandbox->wechatUrl(); }
    QString anonKey() const override { return m_sandbox->anonKey(); }

    QString latestQrUuid() const override { return m_sandbox->latestQrUuid(); }
    QrStatus qrStatus(const QString &uuid) const override
    {
        return QrStatus(int(m_sandbox->qrStatus(uuid)));
    }
    QUrl confirmPageUrl(const QString &uuid) const override
    {
        return m_sandbox->confirmPageUrl(uuid);
    }
    bool scanQr(const QString &uuid, QString *error) override
    {
        return m_sandbox->scanQr(uuid, error);
    }
    bool confirmQr(const QString &uuid, QString *error) override
    {
        return m_sandbox->confirmQr(uuid, QString(), error);
    }

private:
    std::unique_ptr<Sandbox> m_sandbox;
};

static_assert(int(SandboxHost::QrStatus::Expired) == int(Sandbox::QrStatus::Expired));
static_assert(int(SandboxHost::QrStatus::Scanned) == int(Sandbox::QrStatus::Scanned));

} // namespace

} // namespace WeChatLogin

extern "C" Q_DECL_EXPORT WeChatLogin::SandboxHost *wechatlogin_create_sandbox_host()
{
    return new WeChatLogin::SandboxHostImpl;
}
