// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_MAINWINDOW_H
#define WECHATLOGIN_APP_MAINWINDOW_H

// Qt
#include <QMainWindow>
#include <QPointer>

#include <functional>

class QDialog;
class QLabel;
class QNetworkAccessManager;
class QPushButton;
class QStackedWidget;
class QTimer;

namespace WeChatLogin {

class AppContext;
class AvatarLoader;
class Session;

/*
 * wechat-login's window: a start page with the sign-in button, or the signed-in
 * user with sign-out; a banner in sandbox mode. Session events update it live.
 * Restoring a session shows the signed-in page without loading QtWebEngine.
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
    void retranslate();
    void updateFromSession();
    void updateRefreshLabel();
    void setStatus(const QString &text);
    void setPage(Page page);

    AppContext *m_context;
    Page m_page = Page::Restoring;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QLabel *m_phoneLink = nullptr;
    QPushButton *m_playPhone = nullptr;
    QLabel *m_restoring = nullptr;
    QLabel *m_startTitle = nullptr;
    QLabel *m_startText = nullptr;
    QPushButton *m_signIn = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_avatar = nullptr;
    QLabel *m_nickname = nullptr;
    QLabel *m_providerLabel = nullptr, *m_provider = nullptr;
    QLabel *m_userIdLabel = nullptr, *m_userId = nullptr;
    QLabel *m_refreshLabel = nullptr, *m_refresh = nullptr;
    QLabel *m_storageLabel = nullptr, *m_storage = nullptr;
    QLabel *m_offline = nullptr;
    QPushButton *m_signOut = nullptr;
    QPushButton *m_signOutAll = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QTimer *m_clock = nullptr;
    AvatarLoader *m_avatarLoader = nullptr;
    QPointer<QDialog> m_dialog;
    QString m_avatarUrl;
    std::function<QString()> m_statusSource; // the status line, rebuilt in a new language
};

} // namespace WeChatLogin

#endif
