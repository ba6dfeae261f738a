// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_STARTPAGE_H
#define WECHATLOGIN_APP_STARTPAGE_H

// Qt
#include <QWidget>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace WeChatLogin {

class StatusLine;

/*
 * What a signed-out window shows: the app's mark, a welcome, the green sign-in button and
 * the status line (why the last sign-in or sign-out went as it did). It says when a person
 * shows the intent to sign in before they click: the pointer on the button, or the
 * keyboard's focus brought to it (Tab, Shift+Tab, a shortcut); not focus the button got
 * because the window opened or became active.
 */
class StartPage : public QWidget
{
    Q_OBJECT
public:
    explicit StartPage(QWidget *parent = nullptr);

    StatusLine *status() const { return m_status; }
    // A second way in, shown below the sign-in button (the browser sign-in).
    void setSecondaryAction(QWidget *widget);

    bool hasSignInIntent() const; // the pointer is on the button, or a person focused it

Q_SIGNALS:
    void signInRequested();
    void signInIntentChanged(bool intent);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void updateIntent();

    QLabel *m_title = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_signIn = nullptr;
    StatusLine *m_status = nullptr;
    QVBoxLayout *m_layout = nullptr;
    bool m_hovered = false;
    bool m_focusedByPerson = false;
    bool m_intent = false;
};

} // namespace WeChatLogin

#endif
