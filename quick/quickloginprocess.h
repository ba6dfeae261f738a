// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_QUICKLOGINPROCESS_H
#define WECHATLOGIN_QUICKLOGINPROCESS_H

#include <WeChatLogin/quicksessionmanager.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/wechatlogin_quick_export.h>

// Qt
#include <QObject>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace WeChatLogin {

/*
 * LoginProcess in QML: the WeChat QR dialog in a short-lived child process
 * (wechat-login-dialog), so the app itself never maps QtWebEngine; the session is stored in
 * its sessionManager before signedIn() comes.
 *
 *     LoginProcess {
 *         id: dialog
 *         sessionManager: sessions
 *         onFailed: (message) => status.text = message
 *     }
 *     Button { text: qsTr("Sign in with WeChat"); onHoveredChanged: if (hovered) dialog.prestart()
 *              onClicked: dialog.open() }
 */
class WECHATLOGIN_QUICK_EXPORT QuickLoginProcess : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(LoginProcess)
    Q_PROPERTY(WeChatLogin::QuickSessionManager *sessionManager READ sessionManager WRITE
                   setSessionManager NOTIFY sessionManagerChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(QString program READ program WRITE setProgram NOTIFY programChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)

public:
    enum State { Idle, Spare, Prestarted, Open };
    Q_ENUM(State)

    explicit QuickLoginProcess(QObject *parent = nullptr);
    ~QuickLoginProcess() override;

    QuickSessionManager *sessionManager() const;
    void setSessionManager(QuickSessionManager *manager);
    // The dialog's language: "zh_CN", "en", or empty (the system's).
    QString language() const;
    void setLanguage(const QString &language);
    // wechat-login-dialog; empty: where it is installed (LoginProcess::defaultProgram()).
    QString program() const;
    void setProgram(const QString &program);
    State state() const;

    Q_INVOKABLE void startSpare();
    Q_INVOKABLE void prestart();
    Q_INVOKABLE void discardPrestart();
    Q_INVOKABLE void open();
    Q_INVOKABLE void cancel();

Q_SIGNALS:
    void sessionManagerChanged();
    void languageChanged();
    void programChanged();
    void stateChanged();
    void ready();   // a pre-started child holds a loaded QR
    void qrShown(); // the dialog shows the QR
    void signedIn(const WeChatLogin::Session &session);
    // message: for a person; kind: the AuthError kind's name ("Cancelled" when closed).
    void failed(const QString &message, const QString &kind);

private:
    bool ensureProcess();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace WeChatLogin

#endif
