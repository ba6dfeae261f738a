// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_STARTPAGE_H
#define WECHATLOGIN_APP_STARTPAGE_H

// Qt
#include <QWidget>

class QLabel;
class QPushButton;

namespace WeChatLogin {

class StatusLine;

/*
 * What a signed-out window shows: the app's mark, a welcome, the green sign-in button and
 * the status line (why the last sign-in or sign-out went as it did).
 */
class StartPage : public QWidget
{
    Q_OBJECT
public:
    explicit StartPage(QWidget *parent = nullptr);

    StatusLine *status() const { return m_status; }

Q_SIGNALS:
    void signInRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QLabel *m_title = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_signIn = nullptr;
    StatusLine *m_status = nullptr;
};

} // namespace WeChatLogin

#endif
