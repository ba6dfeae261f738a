// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// LoginWidget's properties: what an embedder sets and reads. The state machine they feed
// is in loginwidget.cpp.

#include "loginwidget.h"
#include "loginwidget_p.h"

#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QLabel>

#include <algorithm>

namespace WeChatLogin {

AuthConfig LoginWidget::config() const
{
    return d_ptr->config;
}

void LoginWidget::setConfig(const AuthConfig &config)
{
    d_ptr->config = config;
}

SessionManager *LoginWidget::sessionManager() const
{
    return d_ptr->sessionManager;
}

void LoginWidget::setSessionManager(SessionManager *manager)
{
    d_ptr->sessionManager = manager;
}

bool LoginWidget::fastLogin() const
{
    return d_ptr->fastLogin;
}

void LoginWidget::setFastLogin(bool enabled)
{
    Q_D(LoginWidget);
    if (d->fastLogin == enabled)
        return;
    d->fastLogin = enabled;
    Q_EMIT fastLoginChanged(enabled);
}

int LoginWidget::flowRenewIntervalMs() const
{
    return d_ptr->renewMs;
}

void LoginWidget::setFlowRenewIntervalMs(int ms)
{
    Q_D(LoginWidget);
    if (d->renewMs == ms || ms <= 0)
        return;
    d->renewMs = ms;
    Q_EMIT flowRenewIntervalMsChanged(ms);
}

int LoginWidget::renewalLimit() const
{
    return d_ptr->renewalLimit;
}

void LoginWidget::setRenewalLimit(int limit)
{
    Q_D(LoginWidget);
    limit = std::max(limit, -1);
    if (d->renewalLimit == limit)
        return;
    d->renewalLimit = limit;
    Q_EMIT renewalLimitChanged(limit);
}

LoginWidget::State LoginWidget::state() const
{
    return d_ptr->state;
}

QString LoginWidget::statusText() const
{
    return d_ptr->statusLabel->text();
}

AuthError LoginWidget::error() const
{
    return d_ptr->error;
}

Session LoginWidget::session() const
{
    return d_ptr->session;
}

QWebEngineView *LoginWidget::webView() const
{
    return d_ptr->view;
}

} // namespace WeChatLogin
