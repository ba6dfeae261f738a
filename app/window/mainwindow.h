// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_MAINWINDOW_H
#define WECHATLOGIN_APP_MAINWINDOW_H

// Qt
#include <QMainWindow>
#include <QPointer>

class QDialog;
class QLabel;
class QStackedWidget;

namespace WeChatLogin {

class AppContext;
class SandboxBanner;
class SignedInPage;
class StartPage;
class StatusLine;

/*
 * wechat-login's window: the sandbox banner (sandbox mode), then one page: restoring, the
 * start page (sign in) or the signed-in page (sign out). It follows the SessionManager
 * live and runs the sign-in dialog; restoring a session never loads QtWebEngine.
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
    QDialog *loginDialog() const; // while one is open

public Q_SLOTS:
    void signIn();
    void signOut(bool everywhere);
    void playThePhone();
    void openSettings();

Q_SIGNALS:
    void pageChanged(WeChatLogin::MainWindow::Page page);

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void retranslate();
    void updateFromSession();
    void setPage(Page page);
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
    QPointer<QDialog> m_dialog;
};

} // namespace WeChatLogin

#endif
