// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SESSIONMANAGER_H
#define WECHATLOGIN_SESSIONMANAGER_H

#include <WeChatLogin/authclient.h>
#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/sessionstore.h>
#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QDateTime>
#include <QObject>

#include <functional>
#include <memory>

namespace WeChatLogin {

class SessionManagerPrivate;

/*
 * The signed-in session of one app: restored silently from the OS keychain,
 * refreshed by itself before it expires, shared safely between processes of the
 * same app, and never given up for a transient fault.
 *
 *   Unknown --restore()--> Restoring --> SignedIn | SignedOut
 *   SignedOut --setSession()--> SignedIn
 *   SignedIn --refresh (timer / accessToken())--> SignedIn   (tokenRefreshed)
 *   SignedIn --signOut() or a final refresh error--> SignedOut (signedOut(reason))
 *
 * Refreshes run under a QLockFile shared by every process using the same keychain
 * entry; after taking it the manager re-reads the keychain and adopts a session
 * another process has already rotated instead of spending its refresh token.
 * Nothing here loads QtWebEngine or any widget.
 */
class WECHATLOGIN_AUTH_EXPORT SessionManager : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool signedIn READ isSignedIn NOTIFY stateChanged)
    Q_PROPERTY(WeChatLogin::Session session READ session NOTIFY sessionChanged)
    Q_PROPERTY(bool persistent READ isPersistent NOTIFY persistentChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY offlineChanged)
    Q_PROPERTY(QDateTime nextRefresh READ nextRefresh NOTIFY nextRefreshChanged)

public:
    enum class State { Unknown, Restoring, SignedOut, SignedIn };
    Q_ENUM(State)

    enum class SignOutReason {
        UserAction,          // signOut() on this device
        RefreshTokenRevoked, // the refresh token was revoked, e.g. a global sign-out elsewhere
        SessionExpired,      // the server ended the session (timebox, inactivity, deleted)
        AccessDenied,        // the user was banned or the provider disabled
        SignedOutElsewhere,  // another process of this app signed out (the entry is gone)
    };
    Q_ENUM(SignOutReason)

    // Before expiry, refresh when this much of the token's life remains (or 10% of it
    // for tokens living less than 15 minutes).
    static constexpr int RefreshMarginSeconds = 90;
    // Retryable refresh failures back off from here, doubling up to the cap.
    static constexpr int InitialBackoffMs = 200;
    static constexpr int MaxBackoffMs = 30000;

    // Service = the keychain service name; empty: the application's name.
    explicit SessionManager(const AuthConfig &config, const QString &service = QString(),
                            QObject *parent = nullptr);
    ~SessionManager() override;

    AuthClient *client() const;  // to share a QNetworkAccessManager or change the config
    SessionStore *store() const; // to opt in to the plaintext fallback
    QString storageKey() const;  // the keychain entry's name (the config's storage key)

    // Where the cross-process refresh lock lives. Default: the runtime directory
    // (XDG_RUNTIME_DIR), else the app-data directory, named after service and key.
    QString lockFilePath() const;
    void setLockFilePath(const QString &path);

    State state() const;
    bool isSignedIn() const;
    Session session() const; // invalid when signed out
    // False when the keychain could not be used: the session lives in memory only.
    bool isPersistent() const;
    AuthError storageError() const; // why not persistent, or the corrupt entry found
    // True while refreshes fail for a retryable reason (network, 5xx, 409, 429).
    bool isOffline() const;
    AuthError lastError() const; // the last refresh or restore failure
    QDateTime nextRefresh() const;

    // Reads the keychain and reports the initial state (initialSession()). An expired
    // access token with a live refresh token is refreshed first. Called implicitly by
    // accessToken() when needed.
    AuthReply *restore();
    // Adopts a new sign-in (from AuthClient or LoginWidget): stores it, emits signedIn().
    AuthReply *setSession(const Session &session);
    // A session whose access token is valid for at least the refresh margin, refreshing
    // first if needed (single-flight: concurrent callers share one request). Offline, a
    // token that has not expired yet is still given out.
    AuthReply *accessToken();
    // The same, as a callback; the reply is deleted for you. context bounds its lifetime.
    void withAccessToken(
        QObject *context,
        const std::function<void(const QString &token, const AuthError &error)> &callback);
    // Refreshes now, whatever the expiry (shares an in-flight refresh).
    AuthReply *refresh();
    // Fetches the profile (GET /user), stores it in the session, emits userUpdated().
    AuthReply *fetchUser();
    // Global or Local: signs out here at once (keychain entry deleted, signedOut()),
    // then tells the server; 401/403/404 mean it already knew. Offline the local sign-out
    // still completes and the reply's error says the server could not be told.
    // Others: ends the user's other sessions and stays signed in here.
    AuthReply *signOut(AuthClient::SignOutScope scope = AuthClient::SignOutScope::Global);

    static QString reasonText(SignOutReason reason); // translated, for the UI

Q_SIGNALS:
    void stateChanged(WeChatLogin::SessionManager::State state);
    void sessionChanged();
    // The five events of auth-js's onAuthStateChange.
    void initialSession(const WeChatLogin::Session &session); // invalid: signed out
    void signedIn(const WeChatLogin::Session &session);
    void tokenRefreshed(const WeChatLogin::Session &session);
    void userUpdated(const WeChatLogin::Session &session);
    void signedOut(WeChatLogin::SessionManager::SignOutReason reason,
                   const WeChatLogin::AuthError &error);

    void persistentChanged(bool persistent);
    void offlineChanged(bool offline);
    void nextRefreshChanged(const QDateTime &when);

private:
    Q_DISABLE_COPY(SessionManager)
    Q_DECLARE_PRIVATE(SessionManager)
    std::unique_ptr<SessionManagerPrivate> d_ptr;
};

} // namespace WeChatLogin

#endif
