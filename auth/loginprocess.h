// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_LOGINPROCESS_H
#define WECHATLOGIN_LOGINPROCESS_H

#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QObject>
#include <QStringList>

#include <memory>

namespace WeChatLogin {

class LoginProcessPrivate;
class SessionManager;

/*
 * LoginDialog in a separate process, for hosts that must never map QtWebEngine: it is in
 * WeChatLogin::Auth, which links neither QtWidgets nor QtWebEngine. The dialog runs in
 * `wechat-login-dialog` (installed with WeChatLogin::Widgets), a short-lived child; when it
 * ends, Chromium's processes and memory end with it. The session comes back over a private
 * pipe and is stored through the SessionManager, if one is set, into the keychain.
 *
 *   auto *login = new LoginProcess(config, this);
 *   login->setSessionManager(manager);
 *   login->startSpare(); // optional, while a sign-in is possible: the web engine is warm
 *   ...                  // (no flow on the server, no window)
 *   login->prestart();   // optional, on a sign of intent (the pointer on the sign-in
 *   ...                  // button): the QR is loaded hidden, shown at once on open()
 *   login->open();       // finished() comes once: signed in, failed or cancelled
 *
 * Nothing of the child is ever on the screen before open(): no window, no taskbar entry,
 * no focus taken.
 * The child uses this process's network set-up (application proxy with its credentials,
 * or the system configuration; CA certificates added to the default TLS configuration)
 * and the language loadTranslations() installed, and follows a later change of it.
 * Deleting the object, or this process ending in any way, closes the dialog.
 */
class WECHATLOGIN_AUTH_EXPORT LoginProcess : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage)
public:
    enum class State {
        Idle,       // no child
        Spare,      // the child runs hidden with its web engine warm: no flow, no QR
        Prestarted, // the child runs hidden, loading or holding a fresh QR
        Open,       // the dialog is on screen
    };
    Q_ENUM(State)

    explicit LoginProcess(const AuthConfig &config, QObject *parent = nullptr);
    ~LoginProcess() override;

    AuthConfig config() const;
    // Takes effect at the next child; a pre-started one is started again with it.
    void setConfig(const AuthConfig &config);

    SessionManager *sessionManager() const;
    void setSessionManager(SessionManager *manager); // stores the session it gets

    // The dialog's program: defaultProgram() unless set (an app can serve the dialog
    // itself, e.g. `myapp --sign-in-dialog`, with the Widgets library's helper code).
    QString program() const;
    QStringList arguments() const;
    void setProgram(const QString &program, const QStringList &arguments = {});
    // The wechat-login-dialog installed (or built) with this library; empty if there is
    // none. setProgram() takes an absolute path: PATH is never searched.
    static QString defaultProgram();

    // "zh_CN" or "en"; empty (the default): the language loadTranslations() installed
    // last, followed when it changes.
    QString language() const;
    void setLanguage(const QString &language);

    State state() const;
    bool isRunning() const;

public Q_SLOTS:
    // A child with its web engine warm and nothing else: no sign-in flow on the server, no
    // window (nothing if a child runs). From a spare, prestart() loads a QR in about a
    // second dialog's time and open() shows one without starting a process.
    void startSpare();
    // Loads a QR hidden, in the spare if there is one, else in a new child (nothing if a
    // child is pre-started or open). Its flow is renewed as a shown one is, up to the
    // dialog's renewal limit; then a child started as a spare is a spare again, and any
    // other ends.
    void prestart();
    // Drops a pre-started child's hidden flow: a child started as a spare stays one,
    // any other ends. Nothing when the dialog is open.
    void discardPrestart();
    void open();   // shows the dialog: the pre-started or spare child's, else a new child's
    void cancel(); // closes the dialog (or ends a spare or pre-started child): finished()

Q_SIGNALS:
    void stateChanged(WeChatLogin::LoginProcess::State state);
    void spareReady(); // the spare child's web engine is warm
    void ready();      // the pre-started child holds a loaded QR
    void qrShown();    // the dialog shows the QR
    // Once per child: the session, or why not (Cancelled: closed, or cancel()).
    void finished(const WeChatLogin::Session &session, const WeChatLogin::AuthError &error);
    void signedIn(const WeChatLogin::Session &session);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    Q_DISABLE_COPY(LoginProcess)
    Q_DECLARE_PRIVATE(LoginProcess)
    std::unique_ptr<LoginProcessPrivate> d_ptr;
};

} // namespace WeChatLogin

#endif
