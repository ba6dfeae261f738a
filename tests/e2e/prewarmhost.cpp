// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// A small app that embeds the sign-in in process, as an embedder would: a main window with
// a sign-in button, LoginWidget::prewarm(config) as soon as it starts, and LoginDialog on
// the click. tst_hiddenwindows runs it on a real display (X or Wayland) and looks at what
// a person would see. Its button fills its window, so a real click anywhere in it signs in.
// It tells its driver, one line each on stdout:
//   warm         the pre-warmed QR is loaded (still off-screen)
//   shown        the dialog shows its QR
// and takes "click" on stdin for displays where the driver cannot click (Wayland).
//   prewarmhost <project-url> <anon-key> <redirect-url> <trusted-host:port>

#include <WeChatLogin/logindialog.h>
#include <WeChatLogin/loginwidget.h>

// Qt
#include <QApplication>
#include <QMainWindow>
#include <QPushButton>
#include <QSocketNotifier>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

using namespace WeChatLogin;

namespace {

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5)
        return 2;
    AuthConfig config(QUrl(args.at(1)), args.at(2));
    config.setRedirectUrl(QUrl(args.at(3)));
    config.setTrustedHosts({args.at(4)});

    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Embedding app"));
    auto *button = new QPushButton(QStringLiteral("Sign in with WeChat"), &window);
    window.setCentralWidget(button);
    window.resize(400, 300);

    // The instant QR: the flow and its page ahead of the click, off-screen.
    LoginWidget::prewarm(config);
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *warm = qobject_cast<LoginWidget *>(w)) {
            QObject::connect(
                warm, &LoginWidget::qrShown, &app, [] { say("warm"); }, Qt::SingleShotConnection);
        }
    }

    LoginDialog *dialog = nullptr;
    const auto signIn = [&] {
        if (dialog)
            return;
        dialog = new LoginDialog(config, &window); // adopts the pre-warmed flow
        QObject::connect(dialog->loginWidget(), &LoginWidget::qrShown, &app,
                         [] { QTimer::singleShot(0, [] { say("shown"); }); });
        dialog->show();
        if (dialog->loginWidget()->state() == LoginWidget::State::QrShown)
            QTimer::singleShot(0, [] { say("shown"); });
    };
    QObject::connect(button, &QPushButton::clicked, &app, signIn);

    QSocketNotifier commands(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&commands, &QSocketNotifier::activated, &app, [&] {
        char buffer[64];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            QApplication::quit(); // the driver is done
            return;
        }
        if (QByteArray(buffer, int(n)).contains("click"))
            signIn();
    });

    window.show();
    return QApplication::exec();
}
