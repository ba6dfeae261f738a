// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authlogging.h"
#include "loopbackserver_p.h"

// Qt
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <array>

namespace WeChatLogin::Internal {

namespace {

QString freshNonce()
{
    std::array<quint32, 4> words{}; // 128 bits from the system's generator
    QRandomGenerator::system()->fillRange(words.data(), int(words.size()));
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words.data()), int(sizeof(words)))
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// Compared in time independent of where they differ.
bool sameSecret(const QString &a, const QString &b)
{
    if (a.size() != b.size())
        return false;
    ushort diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= a.at(i).unicode() ^ b.at(i).unicode();
    return diff == 0;
}

} // namespace

LoopbackServer::LoopbackServer(QObject *parent)
    : QObject(parent)
{
    m_server.setMaxPendingConnections(MaxConnections);
    m_server.setListenBacklogSize(2 * MaxConnections); // a crowd waits in the kernel
    connect(&m_server, &QTcpServer::newConnection, this, &LoopbackServer::accept);
}

LoopbackServer::~LoopbackServer()
{
    close();
    // What is left (pages on their way out) goes with the listener, telling nobody.
    const QList<QTcpSocket *> sockets = m_server.findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        socket->disconnect(this);
    qDeleteAll(sockets);
}

bool LoopbackServer::listen(QString *why)
{
    m_nonce = freshNonce();
    if (m_server.listen(QHostAddress::LocalHost, 0)
        || m_server.listen(QHostAddress::LocalHostIPv6, 0)) {
        qCInfo(lcAuth) << "browser sign-in: listening on loopback port" << m_server.serverPort();
        return true;
    }
    if (why)
        *why = m_server.errorString();
    return false;
}

QUrl LoopbackServer::redirectUrl() const
{
    if (!m_server.isListening())
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_server.serverAddress().protocol() == QAbstractSocket::IPv6Protocol
                    ? QStringLiteral("::1")
                    : QStringLiteral("127.0.0.1"));
    url.setPort(m_server.serverPort());
    url.setPath(QLatin1String(CallbackPath));
    QUrlQuery query;
    query.addQueryItem(QLatin1String(NonceParameter), m_nonce);
    url.setQuery(query);
    return url;
}

bool LoopbackServer::hostMatches(const QByteArray &host) const
{
    const QByteArray port = QByteArray::number(m_server.serverPort());
    const bool v6 = m_server.serverAddress().protocol() == QAbstractSocket::IPv6Protocol;
    return host == (v6 ? "[::1]:" : "127.0.0.1:") + port;
}

void LoopbackServer::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (m_closed) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        if (m_connections.size() >= MaxConnections)
            dropOldest();
        socket->setReadBufferSize(MaxRequestBytes + 1); // a flood stays in the kernel
        Connection &c = m_connections[socket];
        c.since.start();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
        // Slow or silent: dropped. The held callback is exempt (it waits for answer()).
        QTimer::singleShot(ReadTimeoutMs, socket, [this, socket] {
            if (socket == m_held)
                return;
            if (!m_connections.value(socket).answered)
                ++m_refused;
            m_connections.remove(socket);
            socket->abort();
            socket->deleteLater();
        });
    }
}

void LoopbackServer::dropOldest()
{
    QTcpSocket *oldest = nullptr;
    qint64 age = -1;
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        if (it.key() != m_held && it.value().since.elapsed() > age) {
            age = it.value().since.elapsed();
            oldest = it.key();
        }
    }
    if (!oldest)
        return;
    ++m_refused;
    m_connections.remove(oldest);
    oldest->abort();
    oldest->deleteLater();
}

void LoopbackServer::read(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->answered || socket == m_held) {
        socket->readAll(); // nothing more is read from it
        return;
    }
    it->buffer += socket->read(MaxRequestBytes + 1 - it->buffer.size());
    const qsizetype end = it->buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (it->buffer.size() > MaxRequestBytes)
            refuse(socket, BrowserPage::Kind::TooLarge);
        return;
    }
    const QList<QByteArray> lines = it->buffer.left(end).split('\n');
    const QList<QByteArray> request = lines.value(0).trimmed().split(' ');
    if (request.size() != 3 || !request.at(2).startsWith("HTTP/1."))
        return refuse(socket, BrowserPage::Kind::NotFound);
    QByteArray host;
    int hosts = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "host") {
            host = line.mid(colon + 1).trimmed();
            ++hosts;
        }
    }
    if (request.at(0) != "GET")
        return refuse(socket, BrowserPage::Kind::BadMethod);
    if (hosts != 1 || !hostMatches(host))
        return refuse(socket, BrowserPage::Kind::BadHost);
    const QByteArray &target = request.at(1);
    if (!target.startsWith('/'))
        return refuse(socket, BrowserPage::Kind::NotFound);
    const QUrl url = QUrl::fromEncoded("http://" + host + target, QUrl::StrictMode);
    if (!url.isValid() || url.path() != QLatin1String(CallbackPath))
        return refuse(socket, BrowserPage::Kind::NotFound);
    const QUrlQuery query(url);
    const QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyDecoded);
    int nonces = 0;
    bool ours = false;
    for (const auto &item : items) {
        if (item.first == QLatin1String(NonceParameter)) {
            ++nonces;
            ours = sameSecret(item.second, m_nonce);
        }
    }
    if (nonces != 1 || !ours)
        return refuse(socket, BrowserPage::Kind::NotThis);
    if (m_taken)
        return refuse(socket, BrowserPage::Kind::Used);
    m_taken = true;
    m_held = socket;
    it->answered = true;
    qCInfo(lcAuth) << "browser sign-in: the browser came back";
    Q_EMIT callbackReceived(url, QPrivateSignal());
}

void LoopbackServer::refuse(QTcpSocket *socket, BrowserPage::Kind kind)
{
    ++m_refused;
    BrowserPage page;
    page.kind = kind;
    page.appName = m_appName;
    qCInfo(lcAuth) << "browser sign-in: refused a request with HTTP" << page.status();
    send(socket, page);
}

void LoopbackServer::send(QTcpSocket *socket, const BrowserPage &page)
{
    auto it = m_connections.find(socket);
    if (it != m_connections.end()) {
        it->answered = true;
        it->buffer.clear();
    }
    socket->write(page.response());
    socket->disconnectFromHost();                              // once written
    QTimer::singleShot(ReadTimeoutMs, socket, [this, socket] { // a peer that never reads
        m_connections.remove(socket);
        socket->abort();
        socket->deleteLater();
    });
}

void LoopbackServer::answer(BrowserPage page)
{
    page.appName = m_appName;
    if (m_held && m_held->state() == QAbstractSocket::ConnectedState)
        send(m_held, page);
    m_held.clear();
    close();
}

void LoopbackServer::deleteWhenAnswered()
{
    close();
    if (m_connections.isEmpty()) {
        deleteLater();
        return;
    }
    const QList<QTcpSocket *> leaving = m_connections.keys();
    for (QTcpSocket *socket : leaving) {
        connect(socket, &QObject::destroyed, this, [this] {
            if (m_connections.isEmpty())
                deleteLater();
        });
    }
    QTimer::singleShot(ReadTimeoutMs + 1000, this, &QObject::deleteLater);
}

void LoopbackServer::close()
{
    m_closed = true;
    m_server.close();
    const QList<QTcpSocket *> open = m_connections.keys();
    for (QTcpSocket *socket : open) {
        if (socket == m_held || m_connections.value(socket).answered)
            continue; // a page on its way out is left to finish
        m_connections.remove(socket);
        socket->abort();
        socket->deleteLater();
    }
    if (m_held) { // closed without an answer
        m_connections.remove(m_held);
        m_held->abort();
        m_held->deleteLater();
        m_held.clear();
    }
}

} // namespace WeChatLogin::Internal
