// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "signinprocess.h"
#include "applogging.h"
#include "signinhelper.h"

// Qt
#include <QProcess>

namespace WeChatLogin {

namespace {
constexpr int CloseMs = 3000; // each step: asked, terminated, killed
}

SignInProcess::SignInProcess(QObject *parent)
    : QObject(parent)
{}

SignInProcess::~SignInProcess()
{
    stop();
}

void SignInProcess::start(const QString &program, const QStringList &arguments,
                          const QByteArray &request)
{
    stop();
    m_cancelled = false;
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel); // its log is ours
    connect(m_process, &QProcess::finished, this, &SignInProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            onFinished();
    });
    qCInfo(lcApp) << "signing in through a helper process";
    m_process->start(program, arguments);
    // A pipe's buffer holds it; the child reads it first. The pipe stays open: closing it
    // (cancel(), or this process ending in any way) closes the child's dialog.
    m_process->write(request);
}

bool SignInProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

void SignInProcess::cancel()
{
    if (!isRunning())
        return;
    m_cancelled = true;
    m_process->closeWriteChannel(); // the dialog closes as if cancelled; finished() follows
}

void SignInProcess::onFinished()
{
    QProcess *process = m_process;
    if (!process)
        return;
    m_process = nullptr;
    process->deleteLater();
    Session session;
    AuthError error;
    const QByteArray out = process->readAllStandardOutput();
    if (m_cancelled) {
        error = AuthError(AuthError::Kind::Cancelled, QStringLiteral("the sign-in was cancelled"));
    } else if (process->error() == QProcess::FailedToStart) {
        error = AuthError(AuthError::Kind::ConfigError,
                          QStringLiteral("the sign-in window could not be started: %1")
                              .arg(process->errorString()));
    } else if (!SignInHelper::readReply(out, &session, &error)) {
        error = AuthError(AuthError::Kind::ProviderError,
                          QStringLiteral("the sign-in window stopped unexpectedly (exit %1)")
                              .arg(process->exitCode()));
    }
    qCInfo(lcApp) << "the sign-in helper ended:"
                  << (session.isValid() ? "signed in" : "not signed in");
    Q_EMIT finished(session, error);
}

void SignInProcess::stop()
{
    if (!m_process)
        return;
    QProcess *process = m_process;
    m_process = nullptr; // no finished() from a process we end ourselves
    process->disconnect(this);
    if (process->state() != QProcess::NotRunning) {
        // Asked, the child closes its dialog and ends QtWebEngine properly: its Chromium
        // processes end with it (a terminated one leaves its zygotes behind).
        process->closeWriteChannel();
        if (!process->waitForFinished(CloseMs)) {
            process->terminate();
            if (!process->waitForFinished(CloseMs)) {
                process->kill();
                process->waitForFinished(CloseMs);
            }
        }
    }
    delete process;
}

} // namespace WeChatLogin
