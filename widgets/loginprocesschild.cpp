// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "logindialog.h"
#include "loginpage_p.h"
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
    // Chromium keeps a second zygote for utility processes that run unsandboxed; QtWebEngine
    // runs those in its own process (network, GPU), so that zygote would only hold ~10 MiB
    // while the child waits. Any such process still starts, directly.
    QByteArray flags = qgetenv("QTWEBENGINE_CHROMIUM_FLAGS");
    if (!flags.contains("--no-unsandboxed-zygote"))
        qputenv("QTWEBENGINE_CHROMIUM_FLAGS", (flags + " --no-unsandboxed-zygote").trimmed());
    setLanguage(m_request.language);
    m_in = new QSocketNotifier(inFd, QSocketNotifier::Read, this);
    connect(m_in, &QSocketNotifier::activated, this, &LoginProcessChild::readCommands);
}

LoginProcessChild::~LoginProcessChild() = default;

int LoginProcessChild::exec()
{
    switch (m_request.start) {
    case LoginProcessWire::Request::Start::Shown:
        showDialog();
        break;
    case LoginProcessWire::Request::Start::Hidden:
        prestart();
        break;
    case LoginProcessWire::Request::Start::Spare:
        warmUp();
        break;
    }
    QCoreApplication::exec();
    return m_signedIn ? 0 : 1;
}

// A spare: the web engine started (its profile, its helper processes) and nothing else, so
// a flow started later needs neither; no request reaches the server.
void LoginProcessChild::warmUp()
{
    LoginPage::prewarm(LoginPage::Warmth::Engine); // a renderer would double its memory
    send(LoginProcessWire::spareEvent());
}

// The dialog made, laid out and painted now, but never on a screen (and never a window a
// person sees: LoginWidget creates its page before any native window): its flow starts and
// its QR loads, and showDialog() has only to map it.
void LoginProcessChild::prestart()
{
    if (m_dialog || m_done)
        return;
    LoginDialog *dialog = makeDialog();
    m_readySent = false;
    connect(dialog->loginWidget(), &LoginWidget::qrShown, this, [this] {
        if (!m_shown && !m_readySent) { // once per pre-start: its renewals keep it ready
            m_readySent = true;
            send(LoginProcessWire::readyEvent());
        }
    });
    // Unseen for its whole renewal limit: the app is not in use. A spare drops the flow and
    // stays one; any other child ends, and frees Chromium's memory.
    connect(dialog->loginWidget(), &LoginWidget::expired, this, [this] {
        if (m_shown)
            return;
        qCInfo(lcWidgets) << "the pre-started QR expired unseen";
        if (m_request.start == LoginProcessWire::Request::Start::Spare) {
            send(LoginProcessWire::discardedEvent());
            discard();
            return;
        }
        m_done = true;
        QCoreApplication::quit();
    });
    dialog->setAttribute(Qt::WA_DontShowOnScreen);
    dialog->show(); // its showEvent starts the flow
}

void LoginProcessChild::discard()
{
    if (!m_dialog || m_shown || m_done)
        return;
    qCInfo(lcWidgets) << "the hidden sign-in flow is dropped; a spare again";
    delete m_dialog.data(); // its page and flow with it: nothing is renewed any more
    warmUp();
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
        case LoginProcessWire::Command::Kind::Prestart:
            prestart();
            break;
        case LoginProcessWire::Command::Kind::Discard:
            discard();
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

LoginDialog *LoginProcessChild::makeDialog()
{
    auto *dialog = new LoginDialog(m_request.config);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    Q_EMIT dialogCreated(dialog);
    connect(dialog, &QDialog::finished, this,
            [this, dialog] { done(dialog->result().session, dialog->result().error); });
    connect(dialog->loginWidget(), &LoginWidget::qrShown, this, [this] {
        if (m_shown)
            sendShownWhenPainted();
    });
    return dialog;
}

void LoginProcessChild::showDialog()
{
    if (m_shown || m_done)
        return;
    m_shown = true;
    LoginDialog *dialog = m_dialog;
    if (dialog) { // pre-started: its window exists, unmapped; now it is mapped
        dialog->hide();
        dialog->setAttribute(Qt::WA_DontShowOnScreen, false);
        LoginWidget *widget = dialog->loginWidget();
        switch (widget->state()) {
        case LoginWidget::State::Loading:
        case LoginWidget::State::QrShown:
        case LoginWidget::State::Cancelled:
            break;
        default: // expired, failed, or scanned unseen: never shown; a fresh flow instead
            qCInfo(lcWidgets) << "the pre-started flow is not shown:" << widget->state();
            widget->start();
            break;
        }
    } else {
        dialog = makeDialog();
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    if (dialog->loginWidget()->state() == LoginWidget::State::QrShown)
        sendShownWhenPainted(); // a pre-started QR: on screen with the dialog's first frame
}

void LoginProcessChild::sendShownWhenPainted()
{
    // After the event loop's turn that paints the dialog's first frame.
    QTimer::singleShot(0, this, [this] {
        if (m_dialog && m_shown && !m_done)
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
