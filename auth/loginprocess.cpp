// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "loginprocess.h"
#include "authlogging.h"
#include "loginprocesswire_p.h"
#include "sessionmanager.h"
#include "translations_p.h"

// Qt
#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QPointer>
#include <QProcess>
#include <QSignalBlocker>
#include <QTimer>

#include <dlfcn.h>

namespace WeChatLogin {

namespace {
constexpr int CloseMs = 3000; // each step of ending a child: asked, terminated, killed
constexpr int ExitMs = 5000;  // a child that has answered has this long to exit

AuthError cancelledError()
{
    return AuthError(AuthError::Kind::Cancelled, QStringLiteral("the sign-in was cancelled"));
}
} // namespace

class LoginProcessPrivate
{
public:
    explicit LoginProcessPrivate(LoginProcess *q)
        : q_ptr(q)
    {}

    LoginProcess *q_ptr;
    AuthConfig config;
    QPointer<SessionManager> manager;
    QString program;
    QStringList arguments;
    QString language;     // set by the host; empty: follow the installed translation
    QString sentLanguage; // what the child was told
    QProcess *process = nullptr;
    QByteArray output; // a line not complete yet
    LoginProcess::State state = LoginProcess::State::Idle;
    bool cancelled = false;
    bool finished = false;
    bool spareOrigin = false; // the child began as a spare: a dropped flow leaves it one
    bool quiet = false;       // ended by discardPrestart(): no finished()

    QString effectiveLanguage() const
    {
        return language.isEmpty() ? installedTranslation() : language;
    }
    void setState(LoginProcess::State s)
    {
        if (state == s)
            return;
        state = s;
        Q_EMIT q_ptr->stateChanged(s);
    }
    void start(LoginProcessWire::Request::Start how);
    void readOutput();
    void onFinished();
    void finish(const Session &session, const AuthError &error);
    void stop();
    void restart(LoginProcessWire::Request::Start how);
    void command(const QByteArray &line) { process->write(line); }
    bool isLeaving() const { return process && (finished || cancelled); }
    void tellLanguage();
};

void LoginProcessPrivate::start(LoginProcessWire::Request::Start how)
{
    using Start = LoginProcessWire::Request::Start;
    LoginProcess *q = q_ptr;
    const QString path = q->program();
    cancelled = false;
    finished = false;
    quiet = false;
    spareOrigin = how == Start::Spare;
    output.clear();
    const bool hidden = how != Start::Shown;
    setState(how == Start::Spare    ? LoginProcess::State::Spare
             : how == Start::Hidden ? LoginProcess::State::Prestarted
                                    : LoginProcess::State::Open);
    if (path.isEmpty() && hidden) { // said when the dialog is asked for
        qCWarning(lcAuth) << "no sign-in dialog program to pre-start";
        setState(LoginProcess::State::Idle);
        return;
    }
    if (path.isEmpty()) {
        finish({}, AuthError(AuthError::Kind::ConfigError,
                             LoginProcess::tr("The sign-in window is not installed "
                                              "(wechat-login-dialog was not found).")));
        return;
    }
    // The child receives the proxy's credentials and returns the session: it is never a
    // program found by searching PATH.
    if (!QFileInfo(path).isAbsolute()) {
        if (hidden) {
            qCWarning(lcAuth) << "the sign-in dialog program is not an absolute path";
            setState(LoginProcess::State::Idle);
            return;
        }
        finish({}, AuthError(AuthError::Kind::ConfigError,
                             LoginProcess::tr("The sign-in window's program must be given as "
                                              "an absolute path, not \"%1\".")
                                 .arg(path)));
        return;
    }
    process = new QProcess(q);
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel); // its log is ours
    QObject::connect(process, &QProcess::readyReadStandardOutput, q, [this] { readOutput(); });
    QObject::connect(process, &QProcess::finished, q, [this] { onFinished(); });
    QObject::connect(process, &QProcess::errorOccurred, q, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            onFinished();
    });
    LoginProcessWire::Request request;
    request.config = config;
    request.captureNetwork();
    request.language = sentLanguage = effectiveLanguage();
    request.start = how;
    qCInfo(lcAuth) << "starting the sign-in dialog's process:" << state;
    process->start(path, arguments);
    // A pipe's buffer holds it; the child reads it first. The pipe stays open: its end
    // (cancel(), or this process ending in any way) closes the child's dialog.
    process->write(LoginProcessWire::encodeRequest(request));
}

void LoginProcessPrivate::readOutput()
{
    output += process->readAllStandardOutput();
    const qsizetype firstNewline = output.indexOf('\n');
    if (firstNewline > LoginProcessWire::MaxMessageBytes
        || (firstNewline < 0 && output.size() > LoginProcessWire::MaxMessageBytes)) {
        // No line of the wire comes near this: a child that floods its output is ended.
        output.clear();
        qCWarning(lcAuth) << "the sign-in dialog's process sent a line longer than"
                          << LoginProcessWire::MaxMessageBytes << "bytes";
        const bool asked = state == LoginProcess::State::Open;
        stop();    // first: finish()'s slots may delete us
        if (asked) // a spare or pre-started child nobody saw ends without a word
            finish({}, AuthError(AuthError::Kind::InvalidResponse,
                                 QStringLiteral("the sign-in window sent a line longer than %1 KiB")
                                     .arg(LoginProcessWire::MaxMessageBytes / 1024)));
        return;
    }
    qsizetype newline;
    while ((newline = output.indexOf('\n')) >= 0) {
        const QByteArray line = output.left(newline);
        output.remove(0, newline + 1);
        const LoginProcessWire::Message m = LoginProcessWire::decodeMessage(line);
        if (m.kind != LoginProcessWire::Message::Kind::Result)
            qCInfo(lcAuth) << "the sign-in dialog's process says:" << m.kind;
        switch (m.kind) {
        case LoginProcessWire::Message::Kind::Unknown:
            break;
        case LoginProcessWire::Message::Kind::Spare:
            Q_EMIT q_ptr->spareReady();
            break;
        case LoginProcessWire::Message::Kind::Ready:
            Q_EMIT q_ptr->ready();
            break;
        case LoginProcessWire::Message::Kind::Discarded: // its QR expired unseen
            if (state == LoginProcess::State::Prestarted)
                setState(LoginProcess::State::Spare);
            break;
        case LoginProcessWire::Message::Kind::Shown:
            Q_EMIT q_ptr->qrShown();
            break;
        case LoginProcessWire::Message::Kind::Result: {
            // The last line; finish()'s slots may even delete us.
            QString why;
            if (m.session.isValid()
                && !LoginProcessWire::belongsToProject(m.session, config, &why)) {
                qCWarning(lcAuth) << "the sign-in dialog's process returned a session that "
                                     "is not the project's:"
                                  << why;
                finish({}, AuthError(AuthError::Kind::InvalidResponse,
                                     QStringLiteral("the sign-in window returned a session "
                                                    "that is not the project's: %1")
                                         .arg(why)));
                return;
            }
            finish(m.session, m.error);
            return;
        }
        }
    }
}

void LoginProcessPrivate::onFinished()
{
    if (!process)
        return;
    QProcess *ended = process;
    process = nullptr;
    ended->deleteLater();
    if (finished) {
        setState(LoginProcess::State::Idle);
        return;
    }
    if ((state == LoginProcess::State::Prestarted || state == LoginProcess::State::Spare)
        && !cancelled) {
        // Nobody saw it (its QR expired unseen, it crashed, or it could not start): the
        // next open() starts a new one, and says why if that fails too.
        qCWarning(lcAuth) << "the hidden sign-in dialog's process ended by itself";
        setState(LoginProcess::State::Idle);
        return;
    }
    if (cancelled) {
        finish({}, cancelledError());
    } else if (ended->error() == QProcess::FailedToStart) {
        finish({}, AuthError(AuthError::Kind::ConfigError,
                             LoginProcess::tr("The sign-in window could not be started: %1")
                                 .arg(ended->errorString())));
    } else {
        finish({},
               AuthError(AuthError::Kind::ProviderError,
                         LoginProcess::tr("The sign-in window stopped unexpectedly (%1).")
                             .arg(ended->exitStatus() == QProcess::CrashExit
                                      ? LoginProcess::tr("it crashed")
                                      : LoginProcess::tr("exit code %1").arg(ended->exitCode()))));
    }
    setState(LoginProcess::State::Idle);
}

void LoginProcessPrivate::finish(const Session &session, const AuthError &error)
{
    if (finished)
        return;
    finished = true;
    LoginProcess *q = q_ptr;
    if (!process || process->state() == QProcess::NotRunning)
        setState(LoginProcess::State::Idle);
    if (process && process->state() != QProcess::NotRunning) {
        // It ends by itself once it has answered; one stuck in Chromium's shutdown is
        // ended for it, so the state cannot stay Open.
        QTimer::singleShot(ExitMs, process, [ending = process] {
            ending->terminate();
            QTimer::singleShot(CloseMs, ending, [ending] { ending->kill(); });
        });
    }
    if (quiet) // a pre-started child the host dropped: nothing to tell
        return;
    qCInfo(lcAuth) << "the sign-in dialog's process answered:"
                   << (session.isValid() ? "signed in" : "not signed in");
    if (session.isValid() && manager)
        manager->setSession(session);      // into the keychain; the manager says if that fails
    const QPointer<LoginProcess> alive(q); // a slot may delete it
    Q_EMIT q->finished(session, error);
    if (alive && session.isValid())
        Q_EMIT q->signedIn(session);
}

void LoginProcessPrivate::stop()
{
    if (!process)
        return;
    QProcess *ending = process;
    process = nullptr; // no signal from a child we end ourselves
    ending->disconnect(q_ptr);
    if (ending->state() != QProcess::NotRunning) {
        // Asked, the child closes its dialog and ends QtWebEngine properly: its Chromium
        // processes end with it (a terminated one leaves its zygotes behind).
        ending->closeWriteChannel();
        if (!ending->waitForFinished(CloseMs)) {
            ending->terminate();
            if (!ending->waitForFinished(CloseMs)) {
                ending->kill();
                ending->waitForFinished(CloseMs);
            }
        }
    }
    ending->deleteLater(); // stop() may run inside one of its signals (a slot's open())
    setState(LoginProcess::State::Idle);
}

void LoginProcessPrivate::restart(LoginProcessWire::Request::Start how)
{
    // A child on its way out (it answered, or its input was closed) can take no command:
    // it is ended, and its finished() still comes, once, before the new child's.
    const bool owed = process && cancelled && !finished;
    stop();
    const QPointer<LoginProcess> alive(q_ptr);
    if (owed)
        finish({}, cancelledError());
    if (alive)
        start(how);
}

void LoginProcessPrivate::tellLanguage()
{
    const QString now = effectiveLanguage();
    if (!process || process->state() == QProcess::NotRunning || now == sentLanguage)
        return;
    sentLanguage = now;
    process->write(LoginProcessWire::languageCommand(now));
}

LoginProcess::LoginProcess(const AuthConfig &config, QObject *parent)
    : QObject(parent)
    , d_ptr(std::make_unique<LoginProcessPrivate>(this))
{
    d_ptr->config = config;
    if (auto *app = QCoreApplication::instance())
        app->installEventFilter(this); // the application's language changes
}

LoginProcess::~LoginProcess()
{
    const QSignalBlocker quiet(this); // nothing is told from a destructor
    d_ptr->stop();
}

AuthConfig LoginProcess::config() const
{
    return d_ptr->config;
}

void LoginProcess::setConfig(const AuthConfig &config)
{
    Q_D(LoginProcess);
    if (d->config == config)
        return;
    d->config = config;
    if (d->state == State::Prestarted) // it holds the old project's QR
        d->restart(LoginProcessWire::Request::Start::Hidden);
    else if (d->state == State::Spare) // it would start the old project's flow
        d->restart(LoginProcessWire::Request::Start::Spare);
}

SessionManager *LoginProcess::sessionManager() const
{
    return d_ptr->manager;
}

void LoginProcess::setSessionManager(SessionManager *manager)
{
    d_ptr->manager = manager;
}

QString LoginProcess::program() const
{
    return d_ptr->program.isEmpty() ? defaultProgram() : d_ptr->program;
}

QStringList LoginProcess::arguments() const
{
    return d_ptr->arguments;
}

void LoginProcess::setProgram(const QString &program, const QStringList &arguments)
{
    d_ptr->program = program;
    d_ptr->arguments = arguments;
}

QString LoginProcess::defaultProgram()
{
    // Where this library is: installed, the helper is in libexec; in a build tree, in the
    // Widgets library's build directory.
    Dl_info info{};
    if (::dladdr(reinterpret_cast<void *>(&LoginProcess::defaultProgram), &info) == 0
        || !info.dli_fname)
        return {};
    const QString libraryDir = QFileInfo(QString::fromLocal8Bit(info.dli_fname)).canonicalPath();
    const QStringList candidates{
        QDir(libraryDir).filePath(QStringLiteral(WECHATLOGIN_DIALOG_FROM_LIBDIR)),
        QFileInfo(QStringLiteral(WECHATLOGIN_AUTH_BUILD_DIR)).canonicalFilePath() == libraryDir
            ? QStringLiteral(WECHATLOGIN_DIALOG_BUILD_PATH)
            : QString()};
    for (const QString &candidate : candidates) {
        if (!candidate.isEmpty() && QFileInfo(candidate).isExecutable())
            return QDir::cleanPath(candidate);
    }
    return {};
}

QString LoginProcess::language() const
{
    return d_ptr->language;
}

void LoginProcess::setLanguage(const QString &language)
{
    d_ptr->language = language;
    d_ptr->tellLanguage();
}

LoginProcess::State LoginProcess::state() const
{
    return d_ptr->state;
}

bool LoginProcess::isRunning() const
{
    return d_ptr->process && d_ptr->process->state() != QProcess::NotRunning;
}

void LoginProcess::startSpare()
{
    Q_D(LoginProcess);
    if (d->process && !d->isLeaving())
        return; // one child at a time
    d->restart(LoginProcessWire::Request::Start::Spare);
}

void LoginProcess::prestart()
{
    Q_D(LoginProcess);
    if (!d->process || d->isLeaving()) {
        d->restart(LoginProcessWire::Request::Start::Hidden);
        return;
    }
    if (d->state != State::Spare)
        return; // one child at a time
    d->setState(State::Prestarted);
    d->command(LoginProcessWire::prestartCommand());
}

void LoginProcess::discardPrestart()
{
    Q_D(LoginProcess);
    if (d->state != State::Prestarted || !d->process || d->isLeaving())
        return;
    if (d->spareOrigin) {
        d->setState(State::Spare);
        d->command(LoginProcessWire::discardCommand());
        return;
    }
    // Ended as cancel() ends it, without a word: the host dropped it.
    d->quiet = true;
    d->cancelled = true;
    d->process->closeWriteChannel();
    d->setState(State::Idle);
}

void LoginProcess::open()
{
    Q_D(LoginProcess);
    if (!d->process || d->isLeaving()) {
        d->restart(LoginProcessWire::Request::Start::Shown);
        return;
    }
    if (d->state == State::Open)
        return;
    d->setState(State::Open);
    d->command(LoginProcessWire::showCommand());
}

void LoginProcess::cancel()
{
    Q_D(LoginProcess);
    if (!isRunning() || d->finished)
        return;
    d->cancelled = true;
    d->process->closeWriteChannel(); // the dialog closes as if cancelled; finished() follows
}

bool LoginProcess::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && watched == QCoreApplication::instance())
        d_ptr->tellLanguage();
    return QObject::eventFilter(watched, event);
}

} // namespace WeChatLogin
