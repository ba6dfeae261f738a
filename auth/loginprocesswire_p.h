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
#include <QNetworkProxy>
#include <QSslCertificate>
#include <QString>

namespace WeChatLogin {

/*
 * One JSON document per line, schema 1, over the child's standard input and output:
 *   host -> child: the request first, then commands ("show", "language"); the end of the
 *                  input (the host cancelled, or is gone) closes the dialog;
 *   child -> host: events ("ready": the hidden QR is loaded; "shown": the dialog shows
 *                  the QR), then one result (the session, or why not), and the child exits.
 * Secrets (the session, the proxy's password) travel only over these private pipes.
 */
namespace LoginProcessWire {

struct WECHATLOGIN_AUTH_EXPORT Request
{
    enum class ProxyMode { Default, System, Direct, Explicit };
    AuthConfig config;
    ProxyMode proxyMode = ProxyMode::Default;
    QNetworkProxy proxy;                   // Explicit: with its user name and password
    QList<QSslCertificate> caCertificates; // trusted beyond the system's
    QString language;                      // "zh_CN" or "en"; empty: the child's locale
    bool hidden = false;                   // pre-start: load the QR, show nothing yet

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
    enum class Kind { Unknown, Show, Language };
    Kind kind = Kind::Unknown;
    QString language;
};
WECHATLOGIN_AUTH_EXPORT QByteArray showCommand();
WECHATLOGIN_AUTH_EXPORT QByteArray languageCommand(const QString &language);
WECHATLOGIN_AUTH_EXPORT Command decodeCommand(const QByteArray &line);

struct WECHATLOGIN_AUTH_EXPORT Message
{
    enum class Kind { Unknown, Ready, Shown, Result };
    Kind kind = Kind::Unknown;
    Session session; // Result: signed in
    AuthError error; // Result: why not
};
WECHATLOGIN_AUTH_EXPORT QByteArray readyEvent();
WECHATLOGIN_AUTH_EXPORT QByteArray shownEvent();
WECHATLOGIN_AUTH_EXPORT QByteArray result(const Session &session, const AuthError &error);
WECHATLOGIN_AUTH_EXPORT Message decodeMessage(const QByteArray &line);

} // namespace LoginProcessWire

} // namespace WeChatLogin

#endif
