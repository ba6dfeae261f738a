// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "quickbrowsersignin.h"
#include "quicksessionmanager.h"

#include <WeChatLogin/browsersignin.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QDesktopServices>
#include <QGuiApplication>
#include <QQmlEngine>
#include <QQmlInfo>

namespace WeChatLogin {

struct QuickBrowserSignIn::Private
{
    QPointer<QuickSessionManager> sessionManager;
    bool opensBrowser = true;
    int timeoutMs = 600000;
    std::unique_ptr<BrowserSignIn> flow;
};

QuickBrowserSignIn::QuickBrowserSignIn(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{}

QuickBrowserSignIn::~QuickBrowserSignIn() = default;

QuickSessionManager *QuickBrowserSignIn::sessionManager() const
{
    return d->sessionManager;
}

void QuickBrowserSignIn::setSessionManager(QuickSessionManager *manager)
{
    if (d->sessionManager == manager)
        return;
    d->sessionManager = manager;
    Q_EMIT sessionManagerChanged();
}

bool QuickBrowserSignIn::opensBrowser() const
{
    return d->opensBrowser;
}

void QuickBrowserSignIn::setOpensBrowser(bool open)
{
    if (d->opensBrowser == open)
        return;
    d->opensBrowser = open;
    Q_EMIT opensBrowserChanged();
}

int QuickBrowserSignIn::timeoutMs() const
{
    return d->timeoutMs;
}

void QuickBrowserSignIn::setTimeoutMs(int ms)
{
    if (d->timeoutMs == ms || ms <= 0)
        return;
    d->timeoutMs = ms;
    Q_EMIT timeoutMsChanged();
}

QuickBrowserSignIn::State QuickBrowserSignIn::state() const
{
    return d->flow ? State(int(d->flow->state())) : Idle;
}

QUrl QuickBrowserSignIn::authorizeUrl() const
{
    return d->flow ? d->flow->authorizeUrl() : QUrl();
}

void QuickBrowserSignIn::start()
{
    if (d->flow && d->flow->state() != BrowserSignIn::State::Idle)
        return;
    SessionManager *manager = d->sessionManager ? d->sessionManager->manager() : nullptr;
    if (!manager) {
        const QString why = d->sessionManager ? d->sessionManager->errorString()
                                              : QStringLiteral("no sessionManager is set");
        qmlWarning(this) << "start(): " << why;
        Q_EMIT failed(why, QStringLiteral("ConfigError"));
        return;
    }
    d->flow = std::make_unique<BrowserSignIn>(d->sessionManager->config());
    BrowserSignIn *flow = d->flow.get();
    flow->setSessionManager(manager);
    flow->setOpensBrowser(d->opensBrowser);
    flow->setTimeoutMs(d->timeoutMs);
    if (qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        // The desktop's own way to open a link (a portal in a sandboxed app).
        flow->setUrlOpener([](const QUrl &url, QString *why) {
            const bool opened = QDesktopServices::openUrl(url);
            if (!opened && why)
                *why = QStringLiteral("the desktop could not open a browser");
            return opened;
        });
    }
    connect(flow, &BrowserSignIn::stateChanged, this, &QuickBrowserSignIn::stateChanged);
    connect(flow, &BrowserSignIn::authorizeUrlChanged, this,
            &QuickBrowserSignIn::authorizeUrlChanged);
    connect(flow, &BrowserSignIn::browserOpened, this, &QuickBrowserSignIn::browserOpened);
    connect(flow, &BrowserSignIn::browserOpenFailed, this, &QuickBrowserSignIn::browserOpenFailed);
    connect(flow, &BrowserSignIn::browserReturned, this, &QuickBrowserSignIn::browserReturned);
    connect(flow, &BrowserSignIn::finished, this,
            [this](const Session &session, const AuthError &error) {
                if (session.isValid()) {
                    Q_EMIT signedIn(session);
                    return;
                }
                Q_EMIT failed(error.userMessage(), AuthError::kindName(error.kind()));
            });
    flow->start();
}

void QuickBrowserSignIn::cancel()
{
    if (d->flow)
        d->flow->cancel();
}

} // namespace WeChatLogin
