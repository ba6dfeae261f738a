// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_QUICKBROWSERSIGNIN_H
#define WECHATLOGIN_QUICKBROWSERSIGNIN_H

#include <WeChatLogin/quicksessionmanager.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/wechatlogin_quick_export.h>

// Qt
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace WeChatLogin {

/*
 * BrowserSignIn in QML: the sign-in in the person's own browser (RFC 8252), for the
 * project of its sessionManager, stored there before signedIn() comes. No QtWebEngine.
 *
 *     BrowserSignIn {
 *         id: browserSignIn
 *         sessionManager: sessions
 *         onBrowserReturned: window.raise()
 *         onFailed: (message) => status.text = message
 *     }
 *     Button { text: qsTr("Sign in with your browser"); onClicked: browserSignIn.start() }
 */
class WECHATLOGIN_QUICK_EXPORT QuickBrowserSignIn : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(BrowserSignIn)
    Q_PROPERTY(WeChatLogin::QuickSessionManager *sessionManager READ sessionManager WRITE
                   setSessionManager NOTIFY sessionManagerChanged)
    Q_PROPERTY(bool opensBrowser READ opensBrowser WRITE setOpensBrowser NOTIFY opensBrowserChanged)
    Q_PROPERTY(int timeoutMs READ timeoutMs WRITE setTimeoutMs NOTIFY timeoutMsChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QUrl authorizeUrl READ authorizeUrl NOTIFY authorizeUrlChanged)

public:
    enum State { Idle, Waiting, Exchanging };
    Q_ENUM(State)

    explicit QuickBrowserSignIn(QObject *parent = nullptr);
    ~QuickBrowserSignIn() override;

    QuickSessionManager *sessionManager() const;
    void setSessionManager(QuickSessionManager *manager);
    // Default true; false: only authorizeUrl, for the person to open (or copy) by hand.
    bool opensBrowser() const;
    void setOpensBrowser(bool open);
    // Default 600000 (10 minutes).
    int timeoutMs() const;
    void setTimeoutMs(int ms);
    State state() const;
    QUrl authorizeUrl() const;

    Q_INVOKABLE void start();  // nothing if a flow runs
    Q_INVOKABLE void cancel(); // failed() with the cancellation

Q_SIGNALS:
    void sessionManagerChanged();
    void opensBrowserChanged();
    void timeoutMsChanged();
    void stateChanged();
    void authorizeUrlChanged();
    void browserOpened();
    void browserOpenFailed(const QString &why);
    void browserReturned(); // raise the window: the person comes back
    void signedIn(const WeChatLogin::Session &session);
    // message: for a person (what to do); kind: the AuthError kind's name ("Cancelled"...).
    void failed(const QString &message, const QString &kind);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace WeChatLogin

#endif
