// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// A second process for the reliability tests, so that what runs in it can be stopped,
// killed or given another clock (faketime):
//
//   session-helper watch <auth-url> <anon-key> <service> <storage-key> <seconds>
//       A SessionManager, as an app holds it: restores, refreshes by itself, and prints
//       one line per event (tokens as short fingerprints, never in clear) for <seconds>.
//   session-helper hold-lock <lock-file>
//       Takes the refresh lock as a process would, says "locked", and stops itself
//       (SIGSTOP): a holder that is alive but never lets go.

#include "refreshlock_p.h" // auth/
#include "testfingerprint.h"
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QCoreApplication>
#include <QMetaEnum>
#include <QTextStream>
#include <QTimer>

#include <csignal>

using namespace WeChatLogin;
using WeChatLogin::Test::fingerprint;

namespace {

template<typename Enum>
QString nameOf(Enum value)
{
    return QString::fromLatin1(QMetaEnum::fromType<Enum>().valueToKey(int(value)));
}

int watch(QCoreApplication &app, const QStringList &args)
{
    AuthConfig config(QUrl(args.at(2)), args.at(3));
    config.setStorageKey(args.at(5));
    SessionManager manager(config, args.at(4));
    QTextStream out(stdout);
    int refreshes = 0;
    QObject::connect(&manager, &SessionManager::initialSession, &app, [&](const Session &s) {
        out << "initial " << fingerprint(s) << ' ' << nameOf(manager.lastError().kind())
            << Qt::endl;
    });
    QObject::connect(&manager, &SessionManager::signedIn, &app,
                     [&](const Session &s) { out << "signedin " << fingerprint(s) << Qt::endl; });
    QObject::connect(&manager, &SessionManager::tokenRefreshed, &app, [&](const Session &s) {
        ++refreshes;
        out << "refreshed " << fingerprint(s) << Qt::endl;
    });
    QObject::connect(&manager, &SessionManager::offlineChanged, &app, [&](bool offline) {
        out << "offline " << int(offline) << ' ' << nameOf(manager.lastError().kind()) << Qt::endl;
    });
    QObject::connect(&manager, &SessionManager::persistentChanged, &app, [&](bool persistent) {
        out << "persistent " << int(persistent) << ' ' << nameOf(manager.storageError().kind())
            << Qt::endl;
    });
    QObject::connect(&manager, &SessionManager::signedOut, &app,
                     [&](SessionManager::SignOutReason reason, const AuthError &error) {
                         out << "signedout " << nameOf(reason) << ' ' << nameOf(error.kind())
                             << Qt::endl;
                     });
    QTimer::singleShot(int(args.at(6).toDouble() * 1000), &app, [&] {
        out << "done " << refreshes << ' ' << nameOf(manager.state()) << ' '
            << fingerprint(manager.session()) << Qt::endl;
        app.quit();
    });
    manager.restore(); // deletes itself; the signals report
    return QCoreApplication::exec();
}

int holdLock(QCoreApplication &app, const QString &path)
{
    Internal::RefreshLock lock(&app); // the library's own lock, as any process takes it
    lock.setPath(path);
    lock.acquire([&app](const Internal::RefreshLock::HoldPtr &hold) {
        if (!hold || !hold->ownsFile())
            return app.exit(1);
        QTextStream(stdout) << "locked" << Qt::endl;
        std::raise(SIGSTOP);
        app.exit(0);
    });
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 7 && args.at(1) == QLatin1String("watch"))
        return watch(app, args);
    if (args.size() == 3 && args.at(1) == QLatin1String("hold-lock"))
        return holdLock(app, args.at(2));
    QTextStream(stderr) << "usage: session-helper watch <auth-url> <anon-key> <service> "
                           "<storage-key> <seconds> | hold-lock <lock-file>\n";
    return 2;
}
