// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_LOOPBACKSERVER_P_H
#define WECHATLOGIN_LOOPBACKSERVER_P_H

#include "browserpages_p.h"

#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace WeChatLogin::Internal {

/*
 * The loopback end of a browser sign-in (RFC 8252 section 7.3): an HTTP listener on
 * 127.0.0.1 (else [::1]) on an ephemeral port, for one flow, that takes exactly one
 * request: a GET of CallbackPath with this flow's nonce, whose Host is the loopback literal
 * and port. Everything else another local process or a web page may send is answered
 * within bounds and costs nothing: a request over MaxRequestBytes is refused (431), one not
 * complete within ReadTimeoutMs is dropped, more than MaxConnections at once drop the
 * oldest, a method other than GET is 405, a wrong Host 400 (DNS rebinding), another path
 * 404, a wrong or missing nonce 400 (and the flow goes on waiting), a second valid
 * callback 409. The taken request is held open until answer() gives the page for it.
 */
class WECHATLOGIN_AUTH_EXPORT LoopbackServer : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxRequestBytes = 8192;
    static constexpr int ReadTimeoutMs = 5000;
    static constexpr int MaxConnections = 64;
    static constexpr char CallbackPath[] = "/wechat-login/callback";
    static constexpr char NonceParameter[] = "wechatlogin_nonce";

    explicit LoopbackServer(QObject *parent = nullptr);
    ~LoopbackServer() override;

    // Listens on 127.0.0.1, else [::1], on a port the system picks, with a fresh nonce.
    bool listen(QString *why);
    bool isListening() const { return m_server.isListening(); }
    // http://127.0.0.1:PORT/wechat-login/callback?wechatlogin_nonce=N (the IP literal)
    QUrl redirectUrl() const;
    // The application named in the pages.
    void setAppName(const QString &name) { m_appName = name; }

    // Answers the held callback with page (if it is still connected) and stops listening:
    // every other connection is closed. Nothing is taken afterwards.
    void answer(BrowserPage page);
    // Stops listening without answering anything (the held request, if any, is closed).
    void close();
    // Deletes this object once the pages on their way out are written (or dropped, at most
    // ReadTimeoutMs later): after answer(), so that the browser gets its page.
    void deleteWhenAnswered();
    // Requests answered or dropped so far, and whether the callback was taken.
    int refusedCount() const { return m_refused; }
    bool callbackTaken() const { return m_taken; }

Q_SIGNALS:
    // The first GET of the callback path with this flow's nonce: its whole URL.
    void callbackReceived(const QUrl &url, QPrivateSignal);

private:
    struct Connection
    {
        QByteArray buffer;
        QElapsedTimer since;
        bool answered = false;
    };
    void accept();
    void read(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, BrowserPage::Kind kind);
    void send(QTcpSocket *socket, const BrowserPage &page);
    void dropOldest();
    bool hostMatches(const QByteArray &host) const;

    QTcpServer m_server;
    QString m_nonce;
    QString m_appName;
    QHash<QTcpSocket *, Connection> m_connections;
    QPointer<QTcpSocket> m_held;
    bool m_taken = false;
    bool m_closed = false;
    int m_refused = 0;
};

} // namespace WeChatLogin::Internal

#endif
