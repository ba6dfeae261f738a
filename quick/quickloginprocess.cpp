// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "quickloginprocess.h"

#include <WeChatLogin/loginprocess.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QPointer>
#include <QQmlInfo>

namespace WeChatLogin {

struct QuickLoginProcess::Private
{
    QPointer<QuickSessionManager> sessionManager;
    QString language;
    QString program;
    std::unique_ptr<LoginProcess> process;
};

QuickLoginProcess::QuickLoginProcess(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{}

QuickLoginProcess::~QuickLoginProcess() = default;

QuickSessionManager *QuickLoginProcess::sessionManager() const
{
    return d->sessionManager;
}

void QuickLoginProcess::setSessionManager(QuickSessionManager *manager)
{
    if (d->sessionManager == manager)
        return;
    if (d->sessionManager)
        disconnect(d->sessionManager, nullptr, this, nullptr);
    d->sessionManager = manager;
    d->process.reset(); // the next call builds one for this manager's project
    if (manager) {
        connect(manager, &QuickSessionManager::managerChanged, this, [this] {
            d->process.reset(); // the project changed
            Q_EMIT stateChanged();
        });
    }
    Q_EMIT sessionManagerChanged();
    Q_EMIT stateChanged();
}

QString QuickLoginProcess::language() const
{
    return d->language;
}

void QuickLoginProcess::setLanguage(const QString &language)
{
    if (d->language == language)
        return;
    d->language = language;
    if (d->process)
        d->process->setLanguage(language); // an open dialog follows
    Q_EMIT languageChanged();
}

QString QuickLoginProcess::program() const
{
    return d->program;
}

void QuickLoginProcess::setProgram(const QString &program)
{
    if (d->program == program)
        return;
    d->program = program;
    d->process.reset();
    Q_EMIT programChanged();
    Q_EMIT stateChanged();
}

QuickLoginProcess::State QuickLoginProcess::state() const
{
    return d->process ? State(int(d->process->state())) : Idle;
}

// A LoginProcess for the manager's project, made on first use; false (said) without one.
bool QuickLoginProcess::ensureProcess()
{
    if (d->process)
        return true;
    SessionManager *manager = d->sessionManager ? d->sessionManager->manager() : nullptr;
    if (!manager) {
        const QString why = d->sessionManager ? d->sessionManager->errorString()
                                              : QStringLiteral("no sessionManager is set");
        qmlWarning(this) << why;
        Q_EMIT failed(why, QStringLiteral("ConfigError"));
        return false;
    }
    d->process = std::make_unique<LoginProcess>(d->sessionManager->config());
    LoginProcess *process = d->process.get();
    process->setSessionManager(manager);
    if (!d->program.isEmpty())
        process->setProgram(d->program);
    if (!d->language.isEmpty())
        process->setLanguage(d->language);
    connect(process, &LoginProcess::stateChanged, this, &QuickLoginProcess::stateChanged);
    connect(process, &LoginProcess::ready, this, &QuickLoginProcess::ready);
    connect(process, &LoginProcess::qrShown, this, &QuickLoginProcess::qrShown);
    connect(process, &LoginProcess::finished, this,
            [this](const Session &session, const AuthError &error) {
                if (session.isValid()) {
                    Q_EMIT signedIn(session);
                    return;
                }
                Q_EMIT failed(error.userMessage(), AuthError::kindName(error.kind()));
            });
    return true;
}

void QuickLoginProcess::startSpare()
{
    if (ensureProcess())
        d->process->startSpare();
}

void QuickLoginProcess::prestart()
{
    if (ensureProcess())
        d->process->prestart();
}

void QuickLoginProcess::discardPrestart()
{
    if (d->process)
        d->process->discardPrestart();
}

void QuickLoginProcess::open()
{
    if (ensureProcess())
        d->process->open();
}

void QuickLoginProcess::cancel()
{
    if (d->process)
        d->process->cancel();
}

} // namespace WeChatLogin
