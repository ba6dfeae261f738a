// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "quicksessionmanager.h"

#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QMetaEnum>
#include <QQmlEngine>
#include <QQmlInfo>

namespace WeChatLogin {

struct QuickSessionManager::Private
{
    QUrl projectUrl;
    QString anonKey;
    QUrl redirectUrl;
    QString keychainService;
    QStringList trustedHosts;
    bool complete = false;
    AuthConfig config;
    std::unique_ptr<SessionManager> manager;
    QString errorString;
    // What bindings last saw, so that each change is told once.
    State state = Unknown;
    bool signedIn = false;
};

QuickSessionManager::QuickSessionManager(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{}

QuickSessionManager::~QuickSessionManager() = default;

namespace {
// Sets field; true when it changed.
template<typename T>
bool assign(T &field, const T &value)
{
    if (field == value)
        return false;
    field = value;
    return true;
}
} // namespace

QUrl QuickSessionManager::projectUrl() const
{
    return d->projectUrl;
}
void QuickSessionManager::setProjectUrl(const QUrl &value)
{
    if (!assign(d->projectUrl, value))
        return;
    Q_EMIT projectUrlChanged();
    rebuild();
}

QString QuickSessionManager::anonKey() const
{
    return d->anonKey;
}
void QuickSessionManager::setAnonKey(const QString &value)
{
    if (!assign(d->anonKey, value))
        return;
    Q_EMIT anonKeyChanged();
    rebuild();
}

QUrl QuickSessionManager::redirectUrl() const
{
    return d->redirectUrl;
}
void QuickSessionManager::setRedirectUrl(const QUrl &value)
{
    if (!assign(d->redirectUrl, value))
        return;
    Q_EMIT redirectUrlChanged();
    rebuild();
}

QString QuickSessionManager::keychainService() const
{
    return d->keychainService;
}
void QuickSessionManager::setKeychainService(const QString &value)
{
    if (!assign(d->keychainService, value))
        return;
    Q_EMIT keychainServiceChanged();
    rebuild();
}

QStringList QuickSessionManager::trustedHosts() const
{
    return d->trustedHosts;
}
void QuickSessionManager::setTrustedHosts(const QStringList &value)
{
    if (!assign(d->trustedHosts, value))
        return;
    Q_EMIT trustedHostsChanged();
    rebuild();
}

QuickSessionManager::State QuickSessionManager::state() const
{
    return d->state;
}

bool QuickSessionManager::isSignedIn() const
{
    return d->signedIn;
}

Session QuickSessionManager::session() const
{
    return d->manager ? d->manager->session() : Session();
}

bool QuickSessionManager::isOffline() const
{
    return d->manager && d->manager->isOffline();
}

bool QuickSessionManager::isPersistent() const
{
    return d->manager && d->manager->isPersistent();
}

QDateTime QuickSessionManager::nextRefresh() const
{
    return d->manager ? d->manager->nextRefresh() : QDateTime();
}

QString QuickSessionManager::errorString() const
{
    return d->errorString;
}

SessionManager *QuickSessionManager::manager() const
{
    return d->manager.get();
}

AuthConfig QuickSessionManager::config() const
{
    return d->config;
}

void QuickSessionManager::setErrorString(const QString &text)
{
    if (d->errorString == text)
        return;
    d->errorString = text;
    Q_EMIT errorStringChanged();
}

void QuickSessionManager::classBegin() {}

void QuickSessionManager::componentComplete()
{
    d->complete = true;
    rebuild();
}

// A manager for what is declared now; the one before (and its state) goes.
void QuickSessionManager::rebuild()
{
    if (!d->complete)
        return;
    d->manager.reset();
    AuthConfig config(d->projectUrl, d->anonKey);
    if (d->redirectUrl.isValid())
        config.setRedirectUrl(d->redirectUrl);
    if (!d->trustedHosts.isEmpty())
        config.setTrustedHosts(AuthConfig::defaultTrustedHosts() + d->trustedHosts);
    d->config = config;
    const AuthError invalid = config.validate();
    if (invalid.isError()) {
        setErrorString(invalid.userMessage());
        qmlWarning(this) << invalid.userMessage();
    } else {
        setErrorString(QString());
        d->manager = std::make_unique<SessionManager>(config, d->keychainService);
        SessionManager *m = d->manager.get();
        const auto follow = [this] {
            const State now = d->manager ? State(int(d->manager->state())) : Unknown;
            const bool signedIn = now == SignedIn;
            if (now != d->state) {
                d->state = now;
                Q_EMIT stateChanged();
            }
            if (signedIn != d->signedIn) {
                d->signedIn = signedIn;
                Q_EMIT signedInChanged();
            }
        };
        connect(m, &SessionManager::stateChanged, this, follow);
        connect(m, &SessionManager::sessionChanged, this, &QuickSessionManager::sessionChanged);
        connect(m, &SessionManager::offlineChanged, this, &QuickSessionManager::offlineChanged);
        connect(m, &SessionManager::persistentChanged, this,
                &QuickSessionManager::persistentChanged);
        connect(m, &SessionManager::nextRefreshChanged, this,
                &QuickSessionManager::nextRefreshChanged);
        connect(m, &SessionManager::initialSession, this, &QuickSessionManager::initialSession);
        connect(m, &SessionManager::signedIn, this, &QuickSessionManager::signedIn);
        connect(m, &SessionManager::tokenRefreshed, this, &QuickSessionManager::tokenRefreshed);
        connect(m, &SessionManager::userUpdated, this, &QuickSessionManager::userUpdated);
        connect(
            m, &SessionManager::signedOut, this,
            [this](SessionManager::SignOutReason reason, const AuthError &error) {
                const QString name = QString::fromLatin1(
                    QMetaEnum::fromType<SessionManager::SignOutReason>().valueToKey(int(reason)));
                Q_EMIT signedOut(name, error.isError() ? error.userMessage()
                                                       : SessionManager::reasonText(reason));
            });
    }
    // Everything a binding reads may have changed with the manager.
    const State now = d->manager ? State(int(d->manager->state())) : Unknown;
    d->state = now;
    d->signedIn = now == SignedIn;
    Q_EMIT stateChanged();
    Q_EMIT signedInChanged();
    Q_EMIT sessionChanged();
    Q_EMIT offlineChanged();
    Q_EMIT persistentChanged();
    Q_EMIT nextRefreshChanged();
    Q_EMIT managerChanged();
}

void QuickSessionManager::restore()
{
    if (!d->manager) {
        qmlWarning(this) << "restore(): the SessionManager is not usable: " << d->errorString;
        return;
    }
    AuthReply *reply = d->manager->restore();
    connect(reply, &AuthReply::finished, this, [this, reply] {
        const AuthError error = reply->error();
        setErrorString(error.isError() ? error.userMessage() : QString());
    });
}

void QuickSessionManager::accessToken(const QJSValue &callback)
{
    if (!callback.isCallable()) {
        qmlWarning(this) << "accessToken(callback): callback is not a function";
        return;
    }
    if (!d->manager) {
        QJSValue(callback).call({QJSValue(QString()), QJSValue(d->errorString)});
        return;
    }
    d->manager->withAccessToken(this, [callback](const QString &token, const AuthError &error) {
        QJSValue(callback).call(
            {QJSValue(token), QJSValue(error.isError() ? error.userMessage() : QString())});
    });
}

void QuickSessionManager::signOut(const QString &scope)
{
    if (!d->manager)
        return;
    AuthClient::SignOutScope value = AuthClient::SignOutScope::Global;
    if (scope == QLatin1String("local")) {
        value = AuthClient::SignOutScope::Local;
    } else if (scope == QLatin1String("others")) {
        value = AuthClient::SignOutScope::Others;
    } else if (scope != QLatin1String("global")) {
        qmlWarning(this) << "signOut(): scope is \"global\", \"local\" or \"others\", not \""
                         << scope << "\"";
        return;
    }
    AuthReply *reply = d->manager->signOut(value);
    connect(reply, &AuthReply::finished, this, [this, reply] {
        const AuthError error = reply->error();
        setErrorString(error.isError() ? error.userMessage() : QString());
    });
}

} // namespace WeChatLogin
