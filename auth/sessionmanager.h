// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SESSIONMANAGER_H
#define WECHATLOGIN_SESSIONMANAGER_H

#include <WeChatLogin/authclient.h>
#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/autherror.h>
#include <WeChatLogin/authreply.h>
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
 * same app, and never given up for anything but the server's own word.
 *
 *   Unknown --restore()--> Restoring --> SignedIn | SignedOut
 *   SignedOut --setSession()--> SignedIn
 *   SignedIn --refresh (timer / accessToken())--> SignedIn   (tokenRefreshed)
 *   SignedIn --signOut() or GoTrue ending the session--> SignedOut (signedOut(reason))
 *
 * - Only GoTrue's own error codes end a session (AuthError::endsSession()); network
 *   errors, timeouts, TLS failures, 5xx, 409, 429 and anything a gateway or proxy says
 *   keep it, with back-off (Retry-After honoured), and set offline.
 * - Expiry is judged on this machine's clock: the local time the server's answer arrived
 *   plus the lifetime it gave (Session::localExpiresAtMs()), whatever the two clocks say.
 * - Rotations run under a lock shared by every process using the same keychain entry;
 *   after taking it the manager re-reads the keychain and adopts a session another process
 *   has rotated, and it stores the new session before letting go. Nobody waits for a hung
 *   holder longer than lockTimeoutMs(); a token that still works is handed out at once.
 * - A keychain that is locked, missing or not answering is not a sign-out: the session is
 *   kept in memory, storageError() says why, and the write (or, at start-up, the read) is
 *   tried again until the keychain takes it.
 * - After a suspend (a wall-clock jump against the monotonic clock) or when the network
 *   comes back, a due refresh happens at once.
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
        UserAction,              // signOut() on this device
        RefreshTokenRevoked,     // the refresh token was revoked, e.g. a global sign-out elsewhere
        SessionExpired,          // the server ended the session (timebox, inactivity, deleted)
        AccessDenied,            // the user was banned or the provider disabled
        SignedOutElsewhere,      // another process of this app signed out (the entry is gone)
        StoredSessionUnreadable, // the stored session exists but cannot be read (restore)
    };
    Q_ENUM(SignOutReason)

    // Before expiry, refresh when this much of the token's life remains (or 10% of it
    // for tokens living less than 15 minutes).
    static constexpr int RefreshMarginSeconds = 90;

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
    // How long a rotation waits for another process's lock before it goes on without it
    // (default 10 s): a stopped holder (Ctrl-Z, a debugger) cannot hold everyone up.
    int lockTimeoutMs() const;
    void setLockTimeoutMs(int ms);

    State state() const;
    bool isSignedIn() const;
    Session session() const; // invalid when signed out
    // False when the keychain could not be used (KeychainLocked, KeychainUnavailable): the
    // session lives in memory and is written again until the keychain takes it.
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
    // Global or Local: signs out here at once (every keychain entry deleted, signedOut()),
    // then tells the server. The reply has no error only when the server confirmed, or
    // GoTrue itself said the session was already gone; otherwise (offline, a gateway's bare
    // 403) the local sign-out still completes and the error says the server was not told.
    // Signed out already: removes whatever is stored, readable or not.
    // Others: ends the user's other sessions and stays signed in here.
    AuthReply *signOut(AuthClient::SignOutScope scope = AuthClient::SignOutScope::Global);

    static QString reasonText(SignOutReason reason); // translated, for the UI

    // Follow the other processes of this app (another window, `wechat-login token`, a
    // sign-in or sign-out elsewhere): when the keychain entry changes (the Secret Service's
    // item signals, or a poll every 30 s where there are none) it is read again and what
    // another process stored arrives as signedIn(), tokenRefreshed(), userUpdated() or
    // signedOut(SignedOutElsewhere). Off by default.
    void setFollowsOtherProcesses(bool follow);
    bool followsOtherProcesses() const;
    // Reads the keychain entry again now, with the same events.
    void reload();

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
