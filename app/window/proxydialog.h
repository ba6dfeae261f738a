// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_PROXYDIALOG_H
#define WECHATLOGIN_APP_PROXYDIALOG_H

// Qt
#include <QDialog>

class QLineEdit;

namespace WeChatLogin {

// "The proxy proxy.example:3128 asks for a user name and password": the window's way to
// answer ProxyCredentials (installAsker()).
class ProxyDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ProxyDialog(const QString &proxy, QWidget *parent = nullptr);

    QString user() const;
    QString password() const;

    // Makes the window the one that asks, modally, over the active window.
    static void installAsker();

private:
    QLineEdit *m_user;
    QLineEdit *m_password;
};

} // namespace WeChatLogin

#endif
