// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The README's "Headless: the QR for your own CLI" example: WeChat's QR page runs without
// a window (over ssh too: no display needed), and the app shows the QR's text its own way;
// here it prints it, for a QR-drawing tool or another device.
//   headless-sign-in-example <project-url> <anon-key> [trusted-host:port]

#include <WeChatLogin/headlesslogin.h>
#include <WeChatLogin/sessionmanager.h>

#include <QApplication>
#include <QTextStream>

using namespace WeChatLogin;

int main(int argc, char *argv[])
{
    HeadlessLogin::useOffscreenPlatformWithoutDisplay(); // before the QApplication
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("headless-sign-in-example"));
    const QStringList args = app.arguments();
    if (args.size() < 3)
        return 2;
    AuthConfig config(QUrl(args.at(1)), args.at(2));
    if (args.size() > 3)
        config.setTrustedHosts(AuthConfig::defaultTrustedHosts() << args.at(3));

    SessionManager sessions(config); // the session goes to the system keychain
    HeadlessLogin login(config);
    login.setSessionManager(&sessions);
    QTextStream out(stdout);
    QObject::connect(&login, &HeadlessLogin::qrChanged, &app, [&out](const QString &text) {
        if (!text.isEmpty()) // a new QR: what the phone must scan
            out << "qr " << text << Qt::endl;
    });
    QObject::connect(&login, &HeadlessLogin::scanned, &app,
                     [&out] { out << "scanned: confirm on the phone" << Qt::endl; });
    QObject::connect(&login, &HeadlessLogin::signedIn, &app, [&out](const Session &session) {
        out << "signed in as " << session.nickname() << Qt::endl; // already stored
        QApplication::quit();
    });
    QObject::connect(&login, &HeadlessLogin::failed, &app, [](const AuthError &error) {
        QTextStream(stderr) << error.userMessage() << Qt::endl;
        QApplication::exit(1);
    });
    QObject::connect(&login, &HeadlessLogin::expired, &app, [] { QApplication::exit(1); });
    login.start();
    return QApplication::exec();
}
