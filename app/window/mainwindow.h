// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_MAINWINDOW_H
#define WECHATLOGIN_APP_MAINWINDOW_H

// Qt
#include <QMainWindow>

class QLabel;
class QStackedWidget;
class QTimer;

namespace WeChatLogin {

class AppContext;
class BrowserPanel;
class SandboxBanner;
class SignedInPage;
class LoginProcess;
class StartPage;
class StatusLine;

/*
 * wechat-login's window: the sandbox banner (sandbox mode), then one page: restoring, the
 * start page (sign in) or the signed-in page (sign out). It follows the SessionManager
 * live. The sign-in dialog runs in a child process (the library's LoginProcess, serving it
 * with `wechat-login sign-in-helper`), so this process never maps QtWebEngine and nothing
 * of Chromium outlives a sign-in. While signed out and in use (active, or the pointer on
 * it), the child waits as a spare (its web engine warm, no flow on the server, nothing on
 * the screen); when a person shows the intent to sign in (the pointer on the button, or Tab
 * to it) it loads its QR hidden, so a click shows it at once, and drops it a minute after
 * the intent went away. A minute out of use, the spare ends too: a window left in the
 * background costs nothing.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_PROPERTY(Page page READ page NOTIFY pageChanged)
    Q_PROPERTY(SignInReadiness signInReadiness READ signInReadiness WRITE setSignInReadiness)
public:
    enum class Page { Restoring, SignedOut, SignedIn };
    Q_ENUM(Page)
    // How the sign-in is made ready while signed out.
    enum class SignInReadiness {
        OnIntent, // a spare child; its QR loaded on a person's intent (the default)
        Ahead,    // the QR loaded ahead in a hidden child, renewed up to its limit (the
                  // design before the spare, kept for comparison: bench_signin_desktop)
        Off,      // nothing before the click
    };
    Q_ENUM(SignInReadiness)
    // The QR loaded on an intent is dropped this long after the intent went away unused,
    // and a spare ends this long after the window went out of use.
    static constexpr int IntentGraceMs = 60000;
    static constexpr int OutOfUseMs = 60000;

    explicit MainWindow(AppContext *context, QWidget *parent = nullptr);
    ~MainWindow() override;

    Page page() const;
    bool isSigningIn() const; // the sign-in dialog is open (in its own process)
    // The executable that shows the dialog (`<program> sign-in-helper`): this one unless set.
    QString signInProgram() const;
    void setSignInProgram(const QString &program);
    // Default OnIntent, or $WECHAT_LOGIN_SIGNIN_READINESS (intent, ahead or off). With the
    // sandbox's auto-confirm no QR is ever loaded before the click (it would sign in unseen).
    SignInReadiness signInReadiness() const;
    void setSignInReadiness(SignInReadiness readiness);
    // How long a QR loaded on an intent outlives the intent, and a spare the window's use
    // (IntentGraceMs and OutOfUseMs unless set).
    int intentGraceMs() const;
    void setIntentGraceMs(int ms);
    int outOfUseMs() const;
    void setOutOfUseMs(int ms);
    LoginProcess *loginProcess() const;

public Q_SLOTS:
    void signIn();
    void signOut(bool everywhere);
    void playThePhone();
    void openSettings();

Q_SIGNALS:
    void pageChanged(WeChatLogin::MainWindow::Page page);

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;
    void enterEvent(QEnterEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void retranslate();
    void updateFromSession();
    void setPage(Page page);
    void prepareSignIn();
    void onSignInIntent(bool intent);
    void onUseChanged();
    bool isInUse() const;
    bool mayLoadQrUnseen() const;
    StatusLine *status() const;

    AppContext *m_context;
    Page m_page = Page::Restoring;
    SandboxBanner *m_banner = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_restoring = nullptr;
    StartPage *m_start = nullptr;
    SignedInPage *m_signedIn = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    LoginProcess *m_login = nullptr;
    BrowserPanel *m_browser = nullptr;
    QTimer *m_intentGrace = nullptr;
    QTimer *m_outOfUse = nullptr;
    SignInReadiness m_readiness = SignInReadiness::OnIntent;
};

} // namespace WeChatLogin

#endif
