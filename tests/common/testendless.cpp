// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "testendless.h"

// Qt
#include <QTcpSocket>

namespace WeChatLogin::Test {

namespace {
constexpr int ChunkBytes = 64 * 1024;
} // namespace

EndlessServer::EndlessServer(const QByteArray &contentType, QObject *parent)
    : QObject(parent)
    , m_contentType(contentType)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection())
            serve(socket);
    });
    m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl EndlessServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

void EndlessServer::serve(QTcpSocket *socket)
{
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    // Once the request's head is in, the answer starts, and goes on whenever the socket
    // has room (so an endless body costs the sender nothing it cannot send).
    const QByteArray chunk(ChunkBytes, '[');
    auto more = [this, socket, chunk] {
        while (socket->state() == QAbstractSocket::ConnectedState
               && socket->bytesToWrite() < 4 * ChunkBytes) {
            socket->write(chunk);
            m_sent += chunk.size();
        }
    };
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket, more] {
        const QByteArray head = socket->readAll();
        if (socket->property("answering").toBool() || !head.contains("\r\n\r\n"))
            return;
        socket->setProperty("answering", true);
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: " + m_contentType
                      + "\r\nConnection: close\r\n\r\n");
        more();
    });
    connect(socket, &QTcpSocket::bytesWritten, socket, [socket, more] {
        if (socket->property("answering").toBool())
            more();
    });
}

} // namespace WeChatLogin::Test
