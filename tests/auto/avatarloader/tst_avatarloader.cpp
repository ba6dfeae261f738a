// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// AvatarLoader against the sandbox's avatars: fetched, cached, and a placeholder for
// everything that is not an image it may show.

#include "testhttp.h"
#include <avatarloader.h>

// Qt
#include <QApplication>
#include <QDir>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

class tst_AvatarLoader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void fetchedThenCached();
    void placeholderForWhatIsNotAnAvatar_data();
    void placeholderForWhatIsNotAnAvatar();
    void tooLargeIsAborted();

private:
    QTemporaryDir m_cache;
};

void tst_AvatarLoader::initTestCase()
{
    QVERIFY(m_cache.isValid());
    qputenv("XDG_CACHE_HOME", QFile::encodeName(m_cache.path()));
    QCoreApplication::setApplicationName(QStringLiteral("wechat-login"));
}

void tst_AvatarLoader::init()
{
    QDir(AvatarLoader::cacheDir()).removeRecursively();
}

void tst_AvatarLoader::fetchedThenCached()
{
    SandboxFixture f;
    const QUrl url = f.wechat(QStringLiteral("/mmopen/default/132"));
    {
        AvatarLoader loader;
        QSignalSpy changed(&loader, &AvatarLoader::changed);
        loader.load(url, QStringLiteral("小微同学"), 96);
        QCOMPARE(changed.count(), 1); // the placeholder at once
        QVERIFY(loader.isPlaceholder());
        QCOMPARE(loader.pixmap().size(), QSize(96, 96));
        QTRY_VERIFY(!loader.isPlaceholder());
        QCOMPARE(loader.pixmap().size(), QSize(96, 96));
        // Round: the corners are transparent.
        QCOMPARE(qAlpha(loader.pixmap().toImage().pixel(1, 1)), 0);
        QCOMPARE(QDir(AvatarLoader::cacheDir()).entryList(QDir::Files).size(), 1);
    }
    QCOMPARE(f.requestCount(QStringLiteral("/mmopen/default/132")), 1);
    // From the cache: at once, no request, even with the server gone.
    f.sandbox().stop();
    AvatarLoader loader;
    loader.load(url, QStringLiteral("小微同学"), 64);
    QVERIFY(!loader.isPlaceholder());
    QCOMPARE(loader.pixmap().size(), QSize(64, 64));
}

void tst_AvatarLoader::placeholderForWhatIsNotAnAvatar_data()
{
    QTest::addColumn<QString>("path"); // on the auth origin; empty: a file:// URL
    QTest::newRow("not found") << QStringLiteral("/mmopen/nobody/132");
    QTest::newRow("not an image") << QStringLiteral("/auth/v1/health");
    QTest::newRow("file scheme") << QString();
}

void tst_AvatarLoader::placeholderForWhatIsNotAnAvatar()
{
    QFETCH(QString, path);
    SandboxFixture f;
    const QUrl url = path.isEmpty() ? QUrl::fromLocalFile(QStringLiteral("/etc/hostname"))
                     : path.startsWith(QLatin1String("/mmopen")) ? f.wechat(path)
                                                                 : f.auth(path);
    AvatarLoader loader;
    QSignalSpy changed(&loader, &AvatarLoader::changed);
    loader.load(url, QStringLiteral("bob"), 48);
    QVERIFY(loader.isPlaceholder());
    if (!path.isEmpty())
        QTRY_COMPARE(f.requestCount(path), 1); // asked, answered, refused
    QCOMPARE(changed.count(), 1);
    QVERIFY(loader.isPlaceholder());
    QCOMPARE(loader.pixmap().size(), QSize(48, 48));
    QVERIFY(QDir(AvatarLoader::cacheDir()).entryList(QDir::Files).isEmpty());
}

// A server announcing a huge body: the download stops at 2 MiB.
void tst_AvatarLoader::tooLargeIsAborted()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    qint64 sent = 0;
    connect(&server, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = server.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, &sent] {
            socket->readAll();
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
                          "Content-Length: 104857600\r\n\r\n");
            const QByteArray chunk(64 * 1024, 'x');
            connect(socket, &QTcpSocket::bytesWritten, socket, [socket, chunk, &sent](qint64 n) {
                sent += n;
                if (socket->bytesToWrite() < chunk.size() && sent < 104857600)
                    socket->write(chunk);
            });
            socket->write(chunk);
        });
    });
    AvatarLoader loader;
    QSignalSpy changed(&loader, &AvatarLoader::changed);
    loader.load(QUrl(QStringLiteral("http://127.0.0.1:%1/big.png").arg(server.serverPort())),
                QStringLiteral("x"), 32);
    // The placeholder stays; the transfer is cut off far below the 100 MB announced.
    QTRY_VERIFY(!server.findChildren<QTcpSocket *>().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(server.findChildren<QTcpSocket *>().constFirst()->state()
                                 != QAbstractSocket::ConnectedState,
                             15000);
    QVERIFY2(sent < 20 * 1024 * 1024, qPrintable(QString::number(sent)));
    QVERIFY(loader.isPlaceholder());
    QCOMPARE(changed.count(), 1);
}

QTEST_MAIN(tst_AvatarLoader)
#include "tst_avatarloader.moc"
