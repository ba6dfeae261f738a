// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_QUICKSESSIONMANAGER_H
#define WECHATLOGIN_QUICKSESSIONMANAGER_H

#include <WeChatLogin/session.h>
#include <WeChatLogin/wechatlogin_quick_export.h>

// Qt
#include <QDateTime>
#include <QJSValue>
#include <QObject>
#include <QQmlParserStatus>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace WeChatLogin {

class AuthConfig;
class SessionManager;

/*
 * SessionManager in QML: declared with the project (URL, anon key, redirect URL, keychain
 * service), it builds a WeChatLogin::SessionManager when the declaration is complete (and
 * again when one of them changes), and gives its state, session and events to bindings:
 *
 *     SessionManager {
 *         id: sessions
 *         projectUrl: "https://<ref>.baseapi.memfiredb.com"
 *         anonKey: "eyJ..."
 *         Component.onCompleted: restore()
 *         onSignedIn: (session) => console.log("hello", session.nickname)
 *     }
 *
 * The tokens are never properties: accessToken(callback) hands the access token to the one
 * function that asked for it.
 */
class WECHATLOGIN_QUICK_EXPORT QuickSessionManager : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(SessionManager)
    Q_PROPERTY(QUrl projectUrl READ projectUrl WRITE setProjectUrl NOTIFY projectUrlChanged)
    Q_PROPERTY(QString anonKey READ anonKey WRITE setAnonKey NOTIFY anonKeyChanged)
    Q_PROPERTY(QUrl redirectUrl READ redirectUrl WRITE setRedirectUrl NOTIFY redirectUrlChanged)
    Q_PROPERTY(QString keychainService READ keychainService WRITE setKeychainService NOTIFY
                   keychainServiceChanged)
    Q_PROPERTY(
        QStringList trustedHosts READ trustedHosts WRITE setTrustedHosts NOTIFY trustedHostsChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool signedIn READ isSignedIn NOTIFY signedInChanged)
    Q_PROPERTY(WeChatLogin::Session session READ session NOTIFY sessionChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY offlineChanged)
    Q_PROPERTY(bool persistent READ isPersistent NOTIFY persistentChanged)
    Q_PROPERTY(QDateTime nextRefresh READ nextRefresh NOTIFY nextRefreshChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)

public:
    enum State { Unknown, Restoring, SignedOut, SignedIn };
    Q_ENUM(State)

    explicit QuickSessionManager(QObject *parent = nullptr);
    ~QuickSessionManager() override;

    QUrl projectUrl() const;
    void setProjectUrl(const QUrl &url);
    QString anonKey() const;
    void setAnonKey(const QString &key);
    QUrl redirectUrl() const;
    void setRedirectUrl(const QUrl &url);
    // Empty: the application's name.
    QString keychainService() const;
    void setKeychainService(const QString &service);
    // More hosts the sign-in page may show (a local sandbox's WeChat origin).
    QStringList trustedHosts() const;
    void setTrustedHosts(const QStringList &hosts);

    State state() const;
    bool isSignedIn() const;
    Session session() const;
    bool isOffline() const;
    bool isPersistent() const;
    QDateTime nextRefresh() const;
    // Why the declaration cannot be used (a missing anon key...), or the last failure, for
    // a person; empty when there is none.
    QString errorString() const;

    // For C++ and the module's other types: the manager and the config it was built with
    // (null before the declaration is complete, or when it is not valid).
    SessionManager *manager() const;
    AuthConfig config() const;

    Q_INVOKABLE void restore();
    // callback(token, error): a valid access token (refreshed first if needed), or "" and a
    // sentence for a person.
    Q_INVOKABLE void accessToken(const QJSValue &callback);
    // "global" (the default: every device), "local" (this one) or "others".
    Q_INVOKABLE void signOut(const QString &scope = QStringLiteral("global"));

    void classBegin() override;
    void componentComplete() override;

Q_SIGNALS:
    void projectUrlChanged();
    void anonKeyChanged();
    void redirectUrlChanged();
    void keychainServiceChanged();
    void trustedHostsChanged();
    void stateChanged();
    void signedInChanged();
    void sessionChanged();
    void offlineChanged();
    void persistentChanged();
    void nextRefreshChanged();
    void errorStringChanged();
    // A new SessionManager was built (the declaration completed or changed).
    void managerChanged();

    // auth-js's five events. reason: UserAction, RefreshTokenRevoked, SessionExpired,
    // AccessDenied, SignedOutElsewhere or StoredSessionUnreadable; message for a person.
    void initialSession(const WeChatLogin::Session &session);
    void signedIn(const WeChatLogin::Session &session);
    void tokenRefreshed(const WeChatLogin::Session &session);
    void userUpdated(const WeChatLogin::Session &session);
    void signedOut(const QString &reason, const QString &message);

private:
    void rebuild();
    void setErrorString(const QString &text);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace WeChatLogin

#endif
