// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// One of two OS processes sharing a keychain entry (tst_sessionmanager's race): restores
// the session and lets it refresh by itself for a number of rounds, printing one line
// per event. Tokens are printed as short SHA-256 fingerprints, never in clear.
//
//   sessionmanager_racer <auth-url> <anon-key> <service> <storage-key> <rounds>

#include "testfingerprint.h"
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>

using namespace WeChatLogin;
using WeChatLogin::Test::fingerprint;

namespace {} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 6) {
        QTextStream(stderr) << "usage: sessionmanager_racer <auth-url> <anon-key> <service> "
                               "<storage-key> <rounds>\n";
        return 2;
    }
    AuthConfig config(QUrl(args.at(1)), args.at(2));
    config.setStorageKey(args.at(4));
    SessionManager manager(config, args.at(3));
    const int rounds = args.at(5).toInt();
    int seen = 0;
    QTextStream out(stdout);

    QObject::connect(&manager, &SessionManager::initialSession, &app, [&](const Session &s) {
        out << "initial " << fingerprint(s) << Qt::endl;
        if (!s.isValid())
            app.exit(3);
    });
    QObject::connect(&manager, &SessionManager::tokenRefreshed, &app, [&](const Session &s) {
        out << "refreshed " << fingerprint(s) << Qt::endl;
        if (++seen >= rounds)
            app.exit(0);
    });
    QObject::connect(&manager, &SessionManager::offlineChanged, &app, [&](bool offline) {
        out << "offline " << offline << ' ' << manager.lastError().toString() << Qt::endl;
    });
    QObject::connect(&manager, &SessionManager::signedOut, &app,
                     [&](SessionManager::SignOutReason reason, const AuthError &error) {
                         out << "signedout " << int(reason) << ' ' << error.toString() << Qt::endl;
                         app.exit(1);
                     });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &app, [&] {
        out << "timeout" << Qt::endl;
        app.exit(4);
    });
    timeout.start(120000);

    manager.restore(); // deletes itself; the signals report
    return app.exec();
}
