// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTENDLESS_H
#define WECHATLOGIN_TESTS_TESTENDLESS_H

// Qt
#include <QByteArray>
#include <QTcpServer>
#include <QUrl>

namespace WeChatLogin::Test {

/*
 * A server (or proxy, or captive portal) that answers every request on loopback with HTTP
 * 200 and a body that never ends: as fast as the client reads, chunk after chunk, until the
 * client lets go. How many bytes it sent tells how far a client read.
 */
class EndlessServer : public QObject
{
    Q_OBJECT
public:
    // contentType: what the headers claim ("application/json" by default).
    explicit EndlessServer(const QByteArray &contentType = "application/json",
                           QObject *parent = nullptr);
    QUrl url() const; // http://127.0.0.1:PORT
    qint64 bytesSent() const { return m_sent; }

private:
    void serve(class QTcpSocket *socket);

    QTcpServer m_server;
    QByteArray m_contentType;
    qint64 m_sent = 0;
};

} // namespace WeChatLogin::Test

#endif
