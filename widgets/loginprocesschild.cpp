// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "logindialog.h"
#include "loginprocesschild_p.h"
#include "loginwidget_p.h"
#include "widgetslogging.h"

#include <WeChatLogin/translations.h>

// Qt
#include <QApplication>
#include <QSocketNotifier>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace WeChatLogin {

LoginProcessChild::LoginProcessChild(const LoginProcessWire::Request &request, int inFd, int outFd,
                                     QObject *parent)
    : QObject(parent)
    , m_request(request)
    , m_out(outFd)
{
    m_request.applyNetwork();                       // before any request or QtWebEngine profile
    QApplication::setQuitOnLastWindowClosed(false); // it quits once it has answered
    setLanguage(m_request.language);
    m_in = new QSocketNotifier(inFd, QSocketNotifier::Read, this);
    connect(m_in, &QSocketNotifier::activated, this, &LoginProcessChild::readCommands);
}

LoginProcessChild::~LoginProcessChild() = default;

int LoginProcessChild::exec()
{
    if (m_request.hidden) {
        LoginWidget::prewarm(m_request.config);
        if (LoginWidget *warm = LoginWidgetPrivate::prewarmedWidget()) {
            connect(warm, &LoginWidget::qrShown, this, [this] {
                if (!m_dialog)
                    send(LoginProcessWire::readyEvent());
            });
            // Unseen for its whole renewal limit: the app is not in use. The child ends
            // and frees Chromium's memory; the host starts a new one when it is needed.
            connect(warm, &LoginWidget::expired, this, [this] {
                if (m_dialog)
                    return;
                qCInfo(lcWidgets) << "the pre-started QR expired unseen: the child ends";
                m_done = true;
                QCoreApplication::quit();
            });
        }
    } else {
        showDialog();
    }
    QCoreApplication::exec();
    return m_signedIn ? 0 : 1;
}

void LoginProcessChild::readCommands()
{
    char buffer[4096];
    const ssize_t n = ::read(int(m_in->socket()), buffer, sizeof buffer);
    if (n <= 0) { // the host cancelled, or is gone: close as if by hand
        m_in->setEnabled(false);
        qCInfo(lcWidgets) << "the host closed the sign-in";
        if (m_dialog)
            m_dialog->reject();
        else
            done({}, AuthError(AuthError::Kind::Cancelled, QStringLiteral("the host cancelled")));
        return;
    }
    m_input.append(buffer, int(n));
    qsizetype newline;
    while ((newline = m_input.indexOf('\n')) >= 0) {
        const LoginProcessWire::Command command =
            LoginProcessWire::decodeCommand(m_input.left(newline));
        m_input.remove(0, newline + 1);
        switch (command.kind) {
        case LoginProcessWire::Command::Kind::Show:
            showDialog();
            break;
        case LoginProcessWire::Command::Kind::Language:
            setLanguage(command.language);
            break;
        case LoginProcessWire::Command::Kind::Unknown:
            qCWarning(lcWidgets) << "an unknown command from the host, ignored";
            break;
        }
    }
}

void LoginProcessChild::showDialog()
{
    if (m_dialog || m_done)
        return;
    auto *dialog = new LoginDialog(m_request.config); // adopts the pre-warmed flow, if any
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    Q_EMIT dialogCreated(dialog);
    connect(dialog, &QDialog::finished, this,
            [this, dialog] { done(dialog->result().session, dialog->result().error); });
    connect(dialog->loginWidget(), &LoginWidget::qrShown, this,
            &LoginProcessChild::sendShownWhenPainted);
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    if (dialog->loginWidget()->state() == LoginWidget::State::QrShown)
        sendShownWhenPainted(); // a pre-warmed QR: on screen with the dialog's first frame
}

void LoginProcessChild::sendShownWhenPainted()
{
    // After the event loop's turn that paints the dialog's first frame.
    QTimer::singleShot(0, this, [this] {
        if (m_dialog && !m_done)
            send(LoginProcessWire::shownEvent());
    });
}

void LoginProcessChild::setLanguage(const QString &language)
{
    if (language.isEmpty())
        return;
    const QLocale locale(language);
    QLocale::setDefault(locale);
    loadTranslations(locale); // the dialog and the page follow (LanguageChange)
}

void LoginProcessChild::send(const QByteArray &line)
{
    qsizetype written = 0;
    while (written < line.size()) {
        const ssize_t n = ::write(m_out, line.constData() + written, size_t(line.size() - written));
        if (n <= 0)
            return; // the host is gone; its end of our input closes the dialog
        written += n;
    }
}

void LoginProcessChild::done(const Session &session, const AuthError &error)
{
    if (m_done)
        return;
    m_done = true;
    m_signedIn = session.isValid();
    send(LoginProcessWire::result(session, error));
    QCoreApplication::quit();
}

int LoginProcessChild::main(int argc, char **argv)
{
    LoginProcessWire::Request request;
    const bool ready = LoginProcessWire::readRequest(0, &request);
    const QUrl redirect = request.config.redirectUrl();
    if (ready && redirect.isValid() && redirect.scheme() != QLatin1String("http")
        && redirect.scheme() != QLatin1String("https"))
        LoginWidget::registerUrlScheme(redirect.scheme());
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    if (!ready) {
        loadTranslations();
        std::fprintf(stderr, "%s\n",
                     qPrintable(tr("wechat-login-dialog is started by a program signing "
                                   "in (LoginProcess), not by hand.")));
        return 2;
    }
    LoginProcessChild child(request);
    return child.exec();
}

} // namespace WeChatLogin
