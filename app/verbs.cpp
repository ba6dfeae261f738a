// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "verbs.h"
#include "appcontext.h"
#include "signinloader.h"
#include <WeChatLogin/authclient.h>
#include <WeChatLogin/sandbox.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QDialog>
#include <QJsonDocument>
#include <QLocale>
#include <QTextStream>

namespace WeChatLogin {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

// Restores the stored session; false (with the reason on stderr) when none.
bool restored(AppContext &context)
{
    SessionManager *manager = context.sessionManager();
    AuthReply *reply = manager->restore();
    AppContext::wait(reply);
    const AuthError error = reply->error();
    reply->deleteLater();
    if (manager->isSignedIn())
        return true;
    if (error.kind() != AuthError::Kind::NoError && error.kind() != AuthError::Kind::Cancelled)
        err() << Verbs::tr("Not signed in: %1").arg(error.userMessage()) << Qt::endl;
    else
        err() << Verbs::tr("Not signed in. Run \"wechat-login sign-in\" first.") << Qt::endl;
    return false;
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
    return {QStringLiteral("sign-in"), QStringLiteral("status"), QStringLiteral("token"),
            QStringLiteral("session"), QStringLiteral("sign-out")};
}

QString Verbs::description()
{
    return tr("Commands (none: open the window):\n"
              "  sign-in          Open the sign-in dialog; exit 0 once signed in and stored.\n"
              "  status           Who is signed in and until when; exit 1 when nobody is.\n"
              "  token            Print a valid access token (refreshed if needed), nothing else.\n"
              "  session --json   Print the stored session as JSON (contains the tokens).\n"
              "  sign-out [--all] Sign out on this device, or on every device with --all.\n"
              "Exit codes: 0 done, 1 not signed in / cancelled / failed, 2 bad usage or "
              "settings, 3 the server could not be reached.");
}

int Verbs::status(AppContext &context)
{
    if (!restored(context))
        return NotSignedIn;
    SessionManager *manager = context.sessionManager();
    const Session s = manager->session();
    out() << tr("Signed in as %1 (%2)")
                 .arg(s.nickname().isEmpty() ? tr("(no nickname)") : s.nickname(),
                      s.provider().isEmpty() ? context.authConfig().provider() : s.provider())
          << Qt::endl;
    out() << tr("User ID: %1").arg(s.userId()) << Qt::endl;
    out() << tr("Access token expires: %1").arg(when(s.expiresAtDateTime())) << Qt::endl;
    out() << (manager->isPersistent() ? tr("Stored in: the system keychain")
                                      : tr("Stored in: memory only (no keychain)"))
          << Qt::endl;
    out() << tr("Server: %1")
                 .arg(context.isSandbox() ? tr("the in-process sandbox")
                                          : context.authConfig().projectUrl().toString())
          << Qt::endl;
    if (manager->isOffline())
        out() << tr("Offline: the server could not be reached; the session is kept.") << Qt::endl;
    return Ok;
}

int Verbs::token(AppContext &context)
{
    if (!restored(context))
        return NotSignedIn;
    SessionManager *manager = context.sessionManager();
    AuthReply *reply = manager->accessToken();
    AppContext::wait(reply);
    const AuthError error = reply->error();
    const QString token = reply->session().accessToken();
    reply->deleteLater();
    if (error.kind() == AuthError::Kind::NoError && !token.isEmpty()) {
        out() << token << Qt::endl;
        return Ok;
    }
    if (!manager->isSignedIn()) {
        err() << tr("Signed out: %1").arg(error.userMessage()) << Qt::endl;
        return NotSignedIn;
    }
    if (error.isRetryable()) {
        err() << tr("Offline: the access token has expired and could not be refreshed: %1")
                     .arg(error.userMessage())
              << Qt::endl;
        return Offline;
    }
    err() << tr("No access token: %1").arg(error.userMessage()) << Qt::endl;
    return NotSignedIn;
}

int Verbs::session(AppContext &context)
{
    if (!restored(context))
        return NotSignedIn;
    out() << context.sessionManager()->session().toJson() << Qt::endl;
    return Ok;
}

int Verbs::signOut(AppContext &context, bool everywhere)
{
    if (!restored(context))
        return NotSignedIn;
    AuthReply *reply = context.sessionManager()->signOut(
        everywhere ? AuthClient::SignOutScope::Global : AuthClient::SignOutScope::Local);
    AppContext::wait(reply);
    const AuthError error = reply->error();
    reply->deleteLater();
    if (context.sessionManager()->isSignedIn()) {
        err() << tr("Sign-out failed: %1").arg(error.userMessage()) << Qt::endl;
        return NotSignedIn;
    }
    out() << (everywhere ? tr("Signed out on every device.") : tr("Signed out on this device."))
          << Qt::endl;
    if (error.kind() != AuthError::Kind::NoError) {
        err() << tr("The server could not be told: %1").arg(error.userMessage()) << Qt::endl;
        return error.isRetryable() ? Offline : Ok;
    }
    return Ok;
}

int Verbs::signIn(AppContext &context)
{
    QString why;
    SignInPlugin *plugin = signInPlugin(&why);
    if (!plugin) {
        err() << why << Qt::endl;
        return NotSignedIn;
    }
    if (Sandbox *sandbox = context.sandbox()) {
        err() << tr("Sandbox mode: no real WeChat account is involved.") << Qt::endl;
        QObject::connect(sandbox, &Sandbox::qrCreated, sandbox, [sandbox](const QString &uuid) {
            err() << tr("Play the phone: open %1 in a browser.")
                         .arg(sandbox->confirmPageUrl(uuid).toString())
                  << Qt::endl;
        });
    }
    std::unique_ptr<QDialog> dialog(plugin->createLoginDialog(context.authConfig(), nullptr));
    dialog->exec();
    const Session session = plugin->dialogSession(dialog.get());
    const AuthError error = plugin->dialogError(dialog.get());
    dialog.reset();
    if (!session.isValid()) {
        if (error.kind() == AuthError::Kind::Cancelled || error.kind() == AuthError::Kind::NoError)
            err() << tr("Sign-in cancelled.") << Qt::endl;
        else
            err() << tr("Sign-in failed: %1").arg(error.userMessage()) << Qt::endl;
        return NotSignedIn;
    }
    SessionManager *manager = context.sessionManager();
    AuthReply *stored = manager->setSession(session);
    AppContext::wait(stored);
    const AuthError storeError = stored->error();
    stored->deleteLater();
    if (!manager->isPersistent() || storeError.kind() != AuthError::Kind::NoError) {
        err() << tr("Signed in as %1, but the session could not be stored: %2")
                     .arg(session.nickname(), storeError.userMessage())
              << Qt::endl;
        return NotSignedIn;
    }
    out() << tr("Signed in as %1.").arg(session.nickname()) << Qt::endl;
    return Ok;
}

} // namespace WeChatLogin
