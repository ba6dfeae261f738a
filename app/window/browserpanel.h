// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_BROWSERPANEL_H
#define WECHATLOGIN_APP_BROWSERPANEL_H

// Qt
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace WeChatLogin {

class AppContext;
class BrowserSignIn;
class StatusLine;

/*
 * The start page's second way in, below the QR button: "Sign in with your browser". A
 * click opens the system browser on the sign-in (BrowserSignIn) and shows the waiting
 * state: the address (to copy into any browser, with a Copy button) and Cancel. The
 * window is raised when the browser comes back; the session is stored by the context's
 * SessionManager (the window then shows the signed-in page); a failure, or a cancel while
 * the browser never came back, is said in the status line with what to do.
 */
class BrowserPanel : public QWidget
{
    Q_OBJECT
public:
    BrowserPanel(AppContext *context, StatusLine *status, QWidget *parent = nullptr);
    ~BrowserPanel() override;

    BrowserSignIn *signIn() const { return m_signIn; }
    bool isWaiting() const;

public Q_SLOTS:
    void start();
    void cancel();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showWaiting(bool waiting);

    AppContext *m_context;
    StatusLine *m_status;
    BrowserSignIn *m_signIn = nullptr;
    QPushButton *m_start = nullptr;
    QWidget *m_waiting = nullptr;
    QLabel *m_waitingText = nullptr;
    QLineEdit *m_url = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace WeChatLogin

#endif
