// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_LOGINPROCESSWIRE_P_H
#define WECHATLOGIN_LOGINPROCESSWIRE_P_H

// Internal: the wire between LoginProcess (the host) and the sign-in dialog's process.
// Exported for the Widgets library and the app; not an installed header.

#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QNetworkProxy>
#include <QSslCertificate>
#include <QString>

namespace WeChatLogin {

/*
 * One JSON document per line, schema 1, over the child's standard input and output:
 *   host -> child: the request first, then commands ("show"; "prestart": a spare starts its
 *                  hidden flow; "discard": a hidden flow is dropped, the child stays a
 *                  spare; "language"); the end of the input (the host cancelled, or is gone)
 *                  closes the dialog;
 *   child -> host: events ("spare": the engine is warm, no flow; "ready": the hidden QR is
 *                  loaded; "discarded": the hidden flow was dropped by the child itself, its
 *                  QR expired unseen; "shown": the dialog shows the QR), then one result
 *                  (the session, or why not), and the child exits.
 * Secrets (the session, the proxy's password) travel only over these private pipes.
 */
namespace LoginProcessWire {

struct WECHATLOGIN_AUTH_EXPORT Request
{
    enum class ProxyMode { Default, System, Direct, Explicit };
    // Shown: the dialog at once. Hidden: the flow and its QR loaded unseen, shown on "show".
    // Spare: the web engine warmed up and nothing else (no flow on the server) until
    // "prestart" or "show".
    enum class Start { Shown, Hidden, Spare };
    AuthConfig config;
    ProxyMode proxyMode = ProxyMode::Default;
    QNetworkProxy proxy;                   // Explicit: with its user name and password
    QList<QSslCertificate> caCertificates; // trusted beyond the system's
    QString language;                      // "zh_CN" or "en"; empty: the child's locale
    Start start = Start::Shown;

    // What this process uses now: the application proxy (or the system configuration),
    // the CA certificates added to the default TLS configuration.
    void captureNetwork();
    // The child's side: the same proxy and certificates, before any request.
    void applyNetwork() const;
};

WECHATLOGIN_AUTH_EXPORT QByteArray encodeRequest(const Request &request);
WECHATLOGIN_AUTH_EXPORT bool decodeRequest(const QByteArray &line, Request *request);
// How long a child waits for its request: a host writes it as it starts the child.
inline constexpr int RequestWaitMs = 10000;
// Reads the request from fd before any QCoreApplication exists (a custom-scheme redirect
// must be registered first): one line within timeoutMs, without buffering beyond it.
// False for a terminal, a silent pipe or anything but a request.
WECHATLOGIN_AUTH_EXPORT bool readRequest(int fd, Request *request, int timeoutMs = RequestWaitMs);

struct WECHATLOGIN_AUTH_EXPORT Command
{
    enum class Kind { Unknown, Show, Prestart, Discard, Language };
    Kind kind = Kind::Unknown;
    QString language;
};
WECHATLOGIN_AUTH_EXPORT QByteArray showCommand();
WECHATLOGIN_AUTH_EXPORT QByteArray prestartCommand();
WECHATLOGIN_AUTH_EXPORT QByteArray discardCommand();
WECHATLOGIN_AUTH_EXPORT QByteArray languageCommand(const QString &language);
WECHATLOGIN_AUTH_EXPORT Command decodeCommand(const QByteArray &line);

struct WECHATLOGIN_AUTH_EXPORT Message
{
    Q_GADGET
public:
    enum class Kind { Unknown, Spare, Ready, Discarded, Shown, Result };
    Q_ENUM(Kind)
    Kind kind = Kind::Unknown;
    Session session; // Result: signed in
    AuthError error; // Result: why not
};
WECHATLOGIN_AUTH_EXPORT QByteArray spareEvent();
WECHATLOGIN_AUTH_EXPORT QByteArray readyEvent();
WECHATLOGIN_AUTH_EXPORT QByteArray discardedEvent();
WECHATLOGIN_AUTH_EXPORT QByteArray shownEvent();
WECHATLOGIN_AUTH_EXPORT QByteArray result(const Session &session, const AuthError &error);
WECHATLOGIN_AUTH_EXPORT Message decodeMessage(const QByteArray &line);
// The longest line the host reads from a child: a session is a few KiB.
inline constexpr qsizetype MaxMessageBytes = 1 << 20;

// Whether a session a child returned is this project's: an access token that parses as a
// signed JWT (alg not "none") for the session's user, with an audience, an expiry and an
// issuer that, when it is a URL, is the project's origin; and a plausible lifetime. A
// child that lies (another issuer, alg none) is refused; why says what failed.
WECHATLOGIN_AUTH_EXPORT bool belongsToProject(const Session &session, const AuthConfig &config,
                                              QString *why);

} // namespace LoginProcessWire

} // namespace WeChatLogin

#endif
