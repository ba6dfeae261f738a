// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The README's "Embedding LoginDialog" example: restore the session silently, or show
// the WeChat QR dialog, then greet the user.
//   sign-in-example <project-url> <anon-key> [trusted-host:port]

#include <WeChatLogin/logindialog.h>
#include <WeChatLogin/sessionmanager.h>
#include <WeChatLogin/translations.h>

#include <QApplication>
#include <QMessageBox>

using namespace WeChatLogin;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("sign-in-example")); // the keychain service
    loadTranslations();     // Simplified Chinese on Chinese systems, English otherwise
    LoginWidget::prewarm(); // start QtWebEngine early, in case the dialog is needed

    const QStringList args = app.arguments();
    if (args.size() < 3)
        return 2;
    AuthConfig config(QUrl(args.at(1)), args.at(2)); // provider wechat_qr by default
    if (args.size() > 3)                             // e.g. a local sandbox's WeChat origin
        config.setTrustedHosts(AuthConfig::defaultTrustedHosts() << args.at(3));

    SessionManager sessions(config);
    const auto greet = [&sessions] {
        QMessageBox::information(nullptr, QStringLiteral("WeChatLogin"),
                                 QStringLiteral("你好，%1").arg(sessions.session().nickname()));
    };
    QObject::connect(
        &sessions, &SessionManager::initialSession, &app, [&](const Session &restored) {
            if (!restored.isValid()) { // not signed in yet: show the QR
                const LoginResult result = LoginDialog::signIn(nullptr, config, &sessions);
                if (!result.isSignedIn()) {
                    if (!result.isCancelled())
                        QMessageBox::warning(nullptr, QStringLiteral("WeChatLogin"),
                                             result.error.userMessage());
                    QApplication::exit(1);
                    return;
                }
            }
            greet();
            QApplication::quit();
        });
    sessions.restore()->deleteLater(); // initialSession() says how it went
    return QApplication::exec();
}
