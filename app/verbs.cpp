// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "verbs.h"
#include "appcontext.h"
#include "applogging.h"
#include "doctor.h"
#include "sandboxhost.h"
#include "verbjson.h"
#include "windowplugin.h"
#include <WeChatLogin/authclient.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QLocale>
#include <QTextStream>

namespace WeChatLogin {

QTextStream &Verbs::out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &Verbs::err()
{
    static QTextStream stream(stderr);
    return stream;
}

namespace {

QTextStream &out()
{
    return Verbs::out();
}

QTextStream &err()
{
    return Verbs::err();
}

bool isKeychainProblem(const AuthError &error)
{
    return error.kind() == AuthError::Kind::KeychainLocked
           || error.kind() == AuthError::Kind::KeychainUnavailable
           || error.kind() == AuthError::Kind::KeychainError
           || error.kind() == AuthError::Kind::UnsavedElsewhere;
}

} // namespace

bool Verbs::isUnreachable(const AuthError &error)
{
    return error.kind() == AuthError::Kind::Network || error.kind() == AuthError::Kind::Timeout
           || error.kind() == AuthError::Kind::ServerUnavailable
           || error.kind() == AuthError::Kind::Proxy
           || error.kind() == AuthError::Kind::CaptivePortal;
}

namespace {

QString deadlineSentence()
{
    return Verbs::tr("No answer in time (--timeout): the server or the keychain did not "
                     "answer; the session is kept.");
}

AuthError deadlineError()
{
    return AuthError(AuthError::Kind::Timeout,
                     QStringLiteral("no answer before the verb's deadline (--timeout)"));
}

// Says a failure on stderr and, with --json, as one JSON document on stdout too; returns the
// exit code.
int failed(bool json, int code, const AuthError &why, const QString &sentence)
{
    err() << sentence << Qt::endl;
    if (json) {
        out() << QString::fromUtf8(VerbJson::line(VerbJson::failure(code, why, sentence)));
        out().flush();
    }
    return code;
}

int deadlinePassed()
{
    return failed(false, Verbs::Offline, deadlineError(), deadlineSentence());
}

// Restores the stored session. Returns Ok when signed in; otherwise says why on stderr (and
// with json as a failure document on stdout) and returns the exit code: 1 nothing (usable)
// stored, 3 no answer in time, 4 the keychain cannot be read. *why: the failure, for a
// verb's own JSON document.
int restore(AppContext &context, AuthError *why = nullptr, bool json = false)
{
    SessionManager *manager = context.sessionManager();
    const AppContext::Outcome outcome = context.wait(manager->restore());
    if (!outcome.finished) {
        if (why)
            *why = deadlineError();
        return failed(json, Verbs::Offline, deadlineError(), deadlineSentence());
    }
    if (manager->isSignedIn())
        return Verbs::Ok;
    const AuthError &error = outcome.error;
    if (why)
        *why = error.kind() == AuthError::Kind::Cancelled ? AuthError() : error;
    if (isKeychainProblem(error))
        return failed(json, Verbs::KeychainUnavailable, error, Verbs::message(error));
    if (error.isError() && error.kind() != AuthError::Kind::Cancelled) {
        return failed(json, Verbs::NotSignedIn, error,
                      Verbs::tr("Not signed in: %1").arg(Verbs::message(error)));
    }
    return failed(json, Verbs::NotSignedIn, AuthError(),
                  Verbs::tr("Not signed in. Run \"wechat-login sign-in\" first."));
}

QString when(const QDateTime &time)
{
    const qint64 minutes = QDateTime::currentDateTime().secsTo(time) / 60;
    const QString at =
        QLocale().toString(time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (minutes >= 0)
        return Verbs::tr("%1 (in %n minute(s))", nullptr, int(minutes)).arg(at);
    return Verbs::tr("%1 (%n minute(s) ago)", nullptr, int(-minutes)).arg(at);
}

} // namespace

QStringList Verbs::names()
{
    return {QStringLiteral("sign-in"), QStringLiteral("status"),    QStringLiteral("token"),
            QStringLiteral("session"), QStringLiteral("watch"),     QStringLiteral("sign-out"),
            QStringLiteral("doctor"),  QStringLiteral("completion")};
}

QString Verbs::message(const AuthError &error)
{
    switch (error.kind()) {
    case AuthError::Kind::KeychainUnavailable:
        return tr("The system keychain could not be reached, so the session could not be read "
                  "or saved; nothing was changed. Check that the keyring service "
                  "(gnome-keyring or KWallet) is running, then try again.");
    default:
        return error.userMessage();
    }
}

QString Verbs::description()
{
    return tr(
        "Commands (none: open the window):\n"
        "  sign-in [--browser [--no-open] | --terminal [--qr-style STYLE] [--json] | --window]\n"
        "                   Open the sign-in dialog, sign in in your own browser, or scan\n"
        "                   the QR drawn in this terminal (the default without a\n"
        "                   display); exit 0 once signed in and stored.\n"
        "  status [--json]  Who is signed in and until when; exit 1 when nobody is.\n"
        "  token [--min-ttl SECONDS] [--json]\n"
        "                   Print a valid access token (refreshed if needed), nothing else.\n"
        "  session --json   Print the stored session as JSON (contains the tokens).\n"
        "  watch [--json]   One line per session event (sign-in, refresh, sign-out,\n"
        "                   keychain, offline), also other processes', until interrupted.\n"
        "  sign-out [--all] Sign out on this device, or on every device with --all.\n"
        "  doctor [--json]  Check the set-up (server, redirect URL, clock, keychain, proxy,\n"
        "                   sign-in page); exit 0 when everything needed works.\n"
        "  completion SHELL Print the completion script for bash, zsh or fish.\n"
        "Exit codes: 0 done, 1 signed out (or cancelled, failed), 2 bad usage or "
        "settings, 3 the server could not be reached or no answer in time (--timeout), "
        "4 the keychain is locked or unavailable.");
}

int Verbs::run(const QString &verb, AppContext &context, const QCommandLineParser &parser,
               const SignInOptions &signInWay)
{
    const bool json = parser.isSet(QStringLiteral("json"));
    if (verb == QLatin1String("status"))
        return status(context, json);
    if (verb == QLatin1String("token")) {
        const QString minTtl = parser.value(QStringLiteral("min-ttl"));
        return token(context, minTtl.isEmpty() ? 0 : minTtl.toInt(), json);
    }
    if (verb == QLatin1String("session"))
        return session(context, json);
    if (verb == QLatin1String("sign-out"))
        return signOut(context, parser.isSet(QStringLiteral("all")));
    if (verb == QLatin1String("sign-in")) {
        SignInOptions options = signInWay;
        options.json = json;
        options.qrStyle = parser.value(QStringLiteral("qr-style"));
        options.open = !parser.isSet(QStringLiteral("no-open"));
        options.browser = parser.isSet(QStringLiteral("browser")) || !options.open;
        options.timeoutGiven = parser.isSet(QStringLiteral("timeout"));
        return signIn(context, options);
    }
    if (verb == QLatin1String("doctor"))
        return doctor(context, json);
    if (verb == QLatin1String("watch"))
        return watch(context, json);
    return Usage;
}

int Verbs::status(AppContext &context, bool json)
{
    AuthError why;
    const int code = restore(context, &why);
    if (json) { // the document in every case, the exit code as without --json
        out() << QString::fromUtf8(VerbJson::line(VerbJson::status(context, why)));
        out().flush();
        return code;
    }
    if (code)
        return code;
    SessionManager *manager = context.sessionManager();
    const Session s = manager->session();
    out() << tr("Signed in as %1 (%2)")
                 .arg(s.nickname().isEmpty() ? tr("(no nickname)") : s.nickname(),
                      s.provider().isEmpty() ? context.authConfig().provider() : s.provider())
          << Qt::endl;
    out() << tr("User ID: %1").arg(s.userId()) << Qt::endl;
    out() << tr("Access token expires: %1").arg(when(s.expiresAtDateTime())) << Qt::endl;
    out() << (manager->isPersistent()
                  ? tr("Stored in: the system keychain")
                  : tr("Stored in: memory only (%1)").arg(Verbs::message(manager->storageError())))
          << Qt::endl;
    out() << tr("Server: %1")
                 .arg(context.isSandbox()
                          ? tr("the in-process sandbox")
                          : context.authConfig().projectUrl().toString(QUrl::RemoveUserInfo))
          << Qt::endl;
    if (manager->isOffline())
        out() << tr("Offline: the server could not be reached; the session is kept.") << Qt::endl;
    return Ok;
}

int Verbs::token(AppContext &context, int minTtlSeconds, bool json)
{
    if (const int code = restore(context, nullptr, json))
        return code;
    qCDebug(lcApp, "phase: session restored");
    SessionManager *manager = context.sessionManager();
    // --min-ttl at or above the tokens' whole lifetime can never be met: said before a
    // refresh is spent on it (a script calling in a loop would rotate on every call).
    const qint64 lifetime = manager->session().lifetime();
    if (minTtlSeconds > 0 && lifetime > 0 && minTtlSeconds >= lifetime) {
        return failed(json, Usage, AuthError(),
                      tr("The server issues access tokens valid for %1 s: --min-ttl %2 can "
                         "never be met. Ask for less than %1.")
                          .arg(lifetime)
                          .arg(minTtlSeconds));
    }
    // --min-ttl: refresh first when less than that is left (this machine's clock).
    const auto secondsLeft = [](const Session &s) {
        return (s.localExpiresAtMs() - QDateTime::currentMSecsSinceEpoch()) / 1000;
    };
    const bool refreshFirst = minTtlSeconds > 0 && secondsLeft(manager->session()) < minTtlSeconds;
    const AppContext::Outcome outcome =
        context.wait(refreshFirst ? manager->refresh() : manager->accessToken());
    qCDebug(lcApp, "phase: token ready");
    if (!outcome.finished)
        return failed(json, Offline, deadlineError(), deadlineSentence());
    const AuthError &error = outcome.error;
    const QString token = outcome.session.accessToken();
    if (!error.isError() && !token.isEmpty()) {
        if (minTtlSeconds > 0 && secondsLeft(outcome.session) < minTtlSeconds) {
            return failed(json, Usage, AuthError(),
                          tr("The server issues access tokens valid for %1 s, less than "
                             "--min-ttl %2.")
                              .arg(outcome.session.lifetime())
                              .arg(minTtlSeconds));
        }
        if (json)
            out() << QString::fromUtf8(VerbJson::line(VerbJson::token(outcome.session)));
        else
            out() << token << Qt::endl;
        out().flush();
        return Ok;
    }
    if (!manager->isSignedIn())
        return failed(json, NotSignedIn, error, tr("Signed out: %1").arg(Verbs::message(error)));
    if (isKeychainProblem(error))
        return failed(json, KeychainUnavailable, error, Verbs::message(error));
    // Still signed in: only the server's own word ends a session, so this is the server
    // (or the way to it) failing now.
    return failed(json, Offline, error,
                  tr("Offline: the access token has expired and could not be refreshed: %1")
                      .arg(Verbs::message(error)));
}

int Verbs::session(AppContext &context, bool json)
{
    // The session is printed as JSON either way; a failure is a document only with --json.
    if (const int code = restore(context, nullptr, json))
        return code;
    out() << QString::fromUtf8(
        VerbJson::line(VerbJson::session(context.sessionManager()->session())));
    out().flush();
    return Ok;
}

int Verbs::signOut(AppContext &context, bool everywhere)
{
    SessionManager *manager = context.sessionManager();
    const AppContext::Outcome restored = context.wait(manager->restore());
    if (!restored.finished)
        return deadlinePassed();
    const bool wasSignedIn = manager->isSignedIn();
    if (!wasSignedIn && isKeychainProblem(restored.error)) {
        err() << Verbs::message(restored.error) << Qt::endl;
        return KeychainUnavailable;
    }
    // Signed in, or an unreadable entry: either way every stored part goes.
    const bool unreadable = restored.error.kind() == AuthError::Kind::StoredSessionCorrupt;
    if (!wasSignedIn && !unreadable) {
        err() << tr("Not signed in. Run \"wechat-login sign-in\" first.") << Qt::endl;
        return NotSignedIn;
    }
    const AppContext::Outcome outcome = context.wait(manager->signOut(
        everywhere ? AuthClient::SignOutScope::Global : AuthClient::SignOutScope::Local));
    if (!outcome.finished)
        return deadlinePassed();
    const AuthError &error = outcome.error;
    if (manager->isSignedIn() || isKeychainProblem(error)) {
        err() << tr("Sign-out failed: %1").arg(Verbs::message(error)) << Qt::endl;
        return isKeychainProblem(error) ? KeychainUnavailable : NotSignedIn;
    }
    const bool confirmedEverywhere = everywhere && !unreadable && !error.isError();
    out() << (confirmedEverywhere ? tr("Signed out on every device.")
                                  : tr("Signed out on this device."))
          << Qt::endl;
    if (unreadable) {
        err() << tr("The saved session could not be read; every part of it was removed.")
              << Qt::endl;
        if (everywhere) {
            err() << tr("The other devices may still be signed in: without a readable session "
                        "the server cannot be told.")
                  << Qt::endl;
            return Offline;
        }
        return Ok;
    }
    if (error.isError()) {
        err() << (everywhere ? tr("The other devices may still be signed in: the server did not "
                                  "confirm the sign-out: %1")
                             : tr("The server could not be told: %1"))
                     .arg(Verbs::message(error))
              << Qt::endl;
        return Offline;
    }
    return Ok;
}

int Verbs::doctor(AppContext &context, bool json)
{
    const QList<Doctor::Check> checks = Doctor::run(context);
    if (json)
        out() << QString::fromUtf8(VerbJson::line(Doctor::toJson(checks)));
    else
        out() << Doctor::toText(checks);
    out().flush();
    return Doctor::allNeededWork(checks) ? Ok : NotSignedIn;
}

int Verbs::completion(const QString &shell)
{
    static const QHash<QString, QString> scripts{
        {QStringLiteral("bash"), QStringLiteral(":/wechatlogin/completion/wechat-login.bash")},
        {QStringLiteral("zsh"), QStringLiteral(":/wechatlogin/completion/_wechat-login")},
        {QStringLiteral("fish"), QStringLiteral(":/wechatlogin/completion/wechat-login.fish")}};
    QFile script(scripts.value(shell));
    if (!scripts.contains(shell) || !script.open(QIODevice::ReadOnly)) {
        err() << tr("No completion for \"%1\": the shells are bash, zsh and fish.").arg(shell)
              << Qt::endl;
        return Usage;
    }
    out() << QString::fromUtf8(script.readAll());
    out().flush();
    return Ok;
}

int Verbs::signIn(AppContext &context, const SignInOptions &options)
{
    if (options.browser)
        return signInWithBrowser(context, options);
    if (options.terminal)
        return signInInTerminal(context, options);
    QString why;
    WindowPlugin *window = windowPlugin(&why);
    if (!window) {
        err() << why << Qt::endl;
        return NotSignedIn;
    }
    if (SandboxHost *sandbox = context.sandbox()) {
        err() << tr("Sandbox mode: no real WeChat account is involved.") << Qt::endl;
        QObject::connect(sandbox, &SandboxHost::qrCreated, sandbox, [sandbox](const QString &uuid) {
            err() << tr("Play the phone: open %1 in a browser.")
                         .arg(sandbox->confirmPageUrl(uuid).toString())
                  << Qt::endl;
        });
    }
    Session session;
    AuthError error;
    if (!window->signIn(&context, &session, &error)) {
        err() << error.message() << Qt::endl;
        return NotSignedIn;
    }
    if (!session.isValid()) {
        // The failure that happened, even when the dialog was closed after it.
        if (error.kind() == AuthError::Kind::Cancelled
            || error.kind() == AuthError::Kind::NoError) {
            err() << tr("Sign-in cancelled.") << Qt::endl;
            return NotSignedIn;
        }
        err() << tr("Sign-in failed: %1").arg(Verbs::message(error)) << Qt::endl;
        return isUnreachable(error) ? Offline : NotSignedIn;
    }
    // The person took their time at the dialog (it has no deadline): the verb's deadline
    // bounds storing what it gave, from now.
    context.setDeadline(QDeadlineTimer(qint64(DefaultTimeoutSeconds) * 1000));
    return storeSignedIn(context, session);
}

int Verbs::storeSignedIn(AppContext &context, const Session &session, bool announce)
{
    SessionManager *manager = context.sessionManager();
    const AppContext::Outcome stored = context.wait(manager->setSession(session));
    if (!stored.finished)
        return deadlinePassed();
    if (!manager->isPersistent() || stored.error.isError()) {
        // Nobody holds the session once this command ends: it is ended on the server too, so
        // no live refresh token is left behind that no device has.
        const AuthError notStored = stored.error.isError() ? stored.error : manager->storageError();
        const QString reason = notStored.kind() == AuthError::Kind::KeychainLocked
                                   ? tr("the system keychain is locked")
                               : notStored.kind() == AuthError::Kind::KeychainUnavailable
                                   ? tr("the system keychain could not be reached")
                                   : Verbs::message(notStored);
        const AppContext::Outcome ended = context.wait(
            manager->client()->signOut(session.accessToken(), AuthClient::SignOutScope::Local));
        if (ended.finished && !ended.error.isError()) {
            err() << tr("Signed in as %1, but the session could not be stored (%2) and was "
                        "ended on the server again: nothing is left signed in. Run "
                        "\"wechat-login sign-in\" again once the keychain works.")
                         .arg(session.nickname(), reason)
                  << Qt::endl;
        } else {
            err() << tr("Signed in as %1, but the session could not be stored (%2), and ending "
                        "it on the server failed too (%3): it stays valid there until "
                        "\"wechat-login sign-out --all\" is run from a signed-in device.")
                         .arg(session.nickname(), reason,
                              ended.finished ? Verbs::message(ended.error)
                                             : tr("no answer in time"))
                  << Qt::endl;
        }
        return isKeychainProblem(notStored) ? KeychainUnavailable : NotSignedIn;
    }
    if (announce)
        out() << tr("Signed in as %1.").arg(session.nickname()) << Qt::endl;
    return Ok;
}

} // namespace WeChatLogin
