// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_SIGNEDINPAGE_H
#define WECHATLOGIN_APP_SIGNEDINPAGE_H

// Qt
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;

namespace WeChatLogin {

class AvatarLoader;
class SessionManager;

/*
 * What a signed-in window shows, read from the SessionManager: the avatar and nickname,
 * provider, user ID, the next refresh ("in N minutes", kept current), where the session is
 * stored, whether the server is unreachable, and the two sign-out buttons.
 */
class SignedInPage : public QWidget
{
    Q_OBJECT
public:
    // defaultProvider: shown when the session names none.
    SignedInPage(SessionManager *manager, const QString &defaultProvider,
                 QWidget *parent = nullptr);

    void refresh(); // from the manager's session now
    void setSignOutEnabled(bool enabled);

Q_SIGNALS:
    void signOutRequested(bool everywhere);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateNextRefresh();

    QPointer<SessionManager> m_manager;
    QString m_defaultProvider;
    QString m_avatarUrl;
    AvatarLoader *m_avatarLoader = nullptr;
    QTimer *m_clock = nullptr;
    QLabel *m_avatar = nullptr;
    QLabel *m_nickname = nullptr;
    QLabel *m_providerLabel = nullptr, *m_provider = nullptr;
    QLabel *m_userIdLabel = nullptr, *m_userId = nullptr;
    QLabel *m_refreshLabel = nullptr, *m_refresh = nullptr;
    QLabel *m_storageLabel = nullptr, *m_storage = nullptr;
    QLabel *m_offline = nullptr;
    QPushButton *m_signOut = nullptr;
    QPushButton *m_signOutAll = nullptr;
};

} // namespace WeChatLogin

#endif
