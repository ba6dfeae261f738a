// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Turns GoTrue's final redirect into a session and prints who signed in:
//   callback-to-session <project-url> <anon-key> <redirect-url> <callback-url> <code-verifier>

#include <WeChatLogin/authclient.h>

#include <QCoreApplication>
#include <QTextStream>

using namespace WeChatLogin;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 6) {
        QTextStream(stderr) << "usage: callback-to-session <project-url> <anon-key> <redirect-url> "
                               "<callback-url> <code-verifier>\n";
        return 2;
    }
    AuthConfig config(QUrl(args[1]), args[2]);
    config.setRedirectUrl(QUrl(args[3]));
    if (const AuthError error = config.validate()) {
        QTextStream(stderr) << error.userMessage() << '\n';
        return 2;
    }

    AuthClient client(config);
    const CallbackUrl callback = CallbackUrl::parse(QUrl(args[4]), config.redirectUrl());
    AuthReply *reply = client.completeSignIn(callback, args[5]);
    QObject::connect(reply, &AuthReply::finished, &app, [reply] {
        if (reply->error()) {
            QTextStream(stderr) << reply->error().userMessage() << " (" << reply->error().toString()
                                << ")\n";
            QCoreApplication::exit(1);
            return;
        }
        const Session session = reply->session();
        QTextStream(stdout) << session.nickname() << '\n';
        QCoreApplication::exit(0);
    });
    return QCoreApplication::exec();
}
