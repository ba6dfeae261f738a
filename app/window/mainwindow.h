// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_MAINWINDOW_H
#define WECHATLOGIN_APP_MAINWINDOW_H

// Qt
#include <QMainWindow>

class QLabel;
class QStackedWidget;

namespace WeChatLogin {

class AppContext;
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
 * of Chromium outlives a sign-in. While signed out, the child is started early, hidden,
 * with its QR loaded, so the dialog shows it at once.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_PROPERTY(Page page READ page NOTIFY pageChanged)
public:
    enum class Page { Restoring, SignedOut, SignedIn };
    Q_ENUM(Page)

    explicit MainWindow(AppContext *context, QWidget *parent = nullptr);
    ~MainWindow() override;

    Page page() const;
    bool isSigningIn() const; // the sign-in dialog is open (in its own process)
    // The executable that shows the dialog (`<program> sign-in-helper`): this one unless set.
    QString signInProgram() const;
    void setSignInProgram(const QString &program);
    // Whether the dialog's process is started ahead, while signed out (default: yes; not
    // with the sandbox's auto-confirm, which would sign in unseen).
    bool prestartsSignIn() const;
    void setPrestartsSignIn(bool prestart);
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

private:
    void buildUi();
    void buildMenus();
    void retranslate();
    void updateFromSession();
    void setPage(Page page);
    void prestartSignIn();
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
    bool m_prestart = true;
};

} // namespace WeChatLogin

#endif
