// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "proxycredentials.h"

// Qt
#include <QAuthenticator>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkProxy>

namespace WeChatLogin {

namespace {

struct State
{
    QMutex mutex;
    ProxyCredentials::Asker asker;
    bool asked = false;
    bool given = false;
    int timesAsked = 0;
    QString user;
    QString password;
};

State &state()
{
    static State s;
    return s;
}

} // namespace

void ProxyCredentials::setAsker(Asker asker)
{
    QMutexLocker lock(&state().mutex);
    state().asker = std::move(asker);
}

void ProxyCredentials::answer(const QString &proxyHost, QAuthenticator *authenticator)
{
    State &s = state();
    Asker asker;
    {
        QMutexLocker lock(&s.mutex);
        if (s.given) {
            authenticator->setUser(s.user);
            authenticator->setPassword(s.password);
            return;
        }
        if (s.asked || !s.asker)
            return; // refused once, or nobody to ask: the request fails with a clear message
        s.asked = true;
        ++s.timesAsked;
        asker = s.asker;
    }
    QString user, password;
    if (!asker(proxyHost, &user, &password) || user.isEmpty())
        return;
    {
        QMutexLocker lock(&s.mutex);
        s.given = true;
        s.user = user;
        s.password = password;
    }
    authenticator->setUser(user);
    authenticator->setPassword(password);
    // Every later connection, and QtWebEngine's, carries them from the start.
    QNetworkProxy proxy = QNetworkProxy::applicationProxy();
    if (proxy.type() != QNetworkProxy::NoProxy && proxy.type() != QNetworkProxy::DefaultProxy) {
        proxy.setUser(user);
        proxy.setPassword(password);
        QNetworkProxy::setApplicationProxy(proxy);
    }
}

void ProxyCredentials::serve(QNetworkAccessManager *manager)
{
    QObject::connect(manager, &QNetworkAccessManager::proxyAuthenticationRequired, manager,
                     [](const QNetworkProxy &proxy, QAuthenticator *authenticator) {
                         answer(QStringLiteral("%1:%2").arg(proxy.hostName()).arg(proxy.port()),
                                authenticator);
                     });
}

void ProxyCredentials::reset()
{
    QMutexLocker lock(&state().mutex);
    state().asked = false;
    state().given = false;
    state().timesAsked = 0;
    state().user.clear();
    state().password.clear();
}

int ProxyCredentials::timesAsked()
{
    QMutexLocker lock(&state().mutex);
    return state().timesAsked;
}

} // namespace WeChatLogin
