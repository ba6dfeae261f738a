// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// A proxy that asks for a user name and password, in the window: the real dialog asks
// once, the answer serves every later request (and the application proxy, which
// QtWebEngine reads), a refusal is not asked again, and without an asker (the verbs)
// nothing is asked. A real tinyproxy with BasicAuth, a real server behind it.

#include "proxycredentials.h"
#include "proxydialog.h"
#include "testproxy.h"

// Qt
#include <QApplication>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

#include <memory>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

// Answers every request on address with 200 "ok".
class OkServer : public QTcpServer
{
public:
    explicit OkServer(const QHostAddress &address)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    socket->readAll();
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                  "Content-Length: 2\r\nConnection: close\r\n\r\nok");
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        listen(address, 0);
    }
    QUrl url() const
    {
        return QUrl(
            QStringLiteral("http://%1:%2/").arg(serverAddress().toString()).arg(serverPort()));
    }
};

// Plays the person: when the proxy dialog is up, fills it in (or cancels it).
class Person : public QObject
{
public:
    Person(const QString &user, const QString &password, bool accept)
    {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [=] {
            auto *dialog = qobject_cast<ProxyDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            ++dialogs;
            dialog->findChild<QLineEdit *>(QStringLiteral("proxyUser"))->setText(user);
            dialog->findChild<QLineEdit *>(QStringLiteral("proxyPassword"))->setText(password);
            accept ? dialog->accept() : dialog->reject();
        });
        m_timer.start();
    }
    int dialogs = 0;

private:
    QTimer m_timer;
};

struct Result
{
    QNetworkReply::NetworkError error = QNetworkReply::UnknownNetworkError;
    QByteArray body;
};

Result get(const QUrl &url)
{
    QNetworkAccessManager network;
    ProxyCredentials::serve(&network);
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url)));
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 20000))
        return {};
    return {reply->error(), reply->readAll()};
}

} // namespace

class tst_ProxyCredentials : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void asksOnceAndRemembers();
    void declinedIsNotAskedAgain();
    void wrongPasswordFailsOnce();
    void verbsNeverAsk();

private:
    std::unique_ptr<Tinyproxy> m_proxy;
    std::unique_ptr<OkServer> m_server;
};

void tst_ProxyCredentials::initTestCase()
{
    const QHostAddress address = nonLoopbackAddress();
    if (address.isNull())
        QFAIL("this machine has no non-loopback IPv4 address; Qt never proxies loopback");
    m_proxy = std::make_unique<Tinyproxy>(QStringLiteral("alice s3cret"));
    QVERIFY2(m_proxy->isReady(), "tinyproxy did not start (./dev.sh test installs it)");
    m_server = std::make_unique<OkServer>(address);
    QVERIFY(m_server->isListening());
}

void tst_ProxyCredentials::init()
{
    ProxyCredentials::reset();
    ProxyDialog::installAsker();
    const QUrl proxy(m_proxy->url());
    QNetworkProxy::setApplicationProxy(
        QNetworkProxy(QNetworkProxy::HttpProxy, proxy.host(), quint16(proxy.port())));
}

void tst_ProxyCredentials::cleanupTestCase()
{
    QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
}

void tst_ProxyCredentials::asksOnceAndRemembers()
{
    Person person(QStringLiteral("alice"), QStringLiteral("s3cret"), true);
    const Result first = get(m_server->url());
    QCOMPARE(first.error, QNetworkReply::NoError);
    QCOMPARE(first.body, QByteArray("ok"));
    QCOMPARE(person.dialogs, 1);
    // The answer is given to later requests, and is the application proxy's now.
    const Result second = get(m_server->url());
    QCOMPARE(second.error, QNetworkReply::NoError);
    QCOMPARE(person.dialogs, 1);
    QCOMPARE(ProxyCredentials::timesAsked(), 1);
    QCOMPARE(QNetworkProxy::applicationProxy().user(), QStringLiteral("alice"));
    QVERIFY(m_proxy->count(QStringLiteral("GET ") + m_server->url().toString()) >= 2);
}

void tst_ProxyCredentials::declinedIsNotAskedAgain()
{
    Person person(QString(), QString(), false);
    QCOMPARE(get(m_server->url()).error, QNetworkReply::ProxyAuthenticationRequiredError);
    QCOMPARE(get(m_server->url()).error, QNetworkReply::ProxyAuthenticationRequiredError);
    QCOMPARE(person.dialogs, 1);
}

void tst_ProxyCredentials::wrongPasswordFailsOnce()
{
    Person person(QStringLiteral("alice"), QStringLiteral("wrong"), true);
    // Refused (tinyproxy answers a wrong password with 401 rather than 407 again).
    const Result r = get(m_server->url());
    QVERIFY2(r.error == QNetworkReply::ProxyAuthenticationRequiredError
                 || r.error == QNetworkReply::AuthenticationRequiredError,
             qPrintable(QString::number(r.error)));
    QCOMPARE(person.dialogs, 1); // no loop of prompts
}

void tst_ProxyCredentials::verbsNeverAsk()
{
    ProxyCredentials::setAsker(nullptr);
    Person person(QStringLiteral("alice"), QStringLiteral("s3cret"), true);
    QCOMPARE(get(m_server->url()).error, QNetworkReply::ProxyAuthenticationRequiredError);
    QCOMPARE(person.dialogs, 0);
    QCOMPARE(ProxyCredentials::timesAsked(), 0);
}

QTEST_MAIN(tst_ProxyCredentials)
#include "tst_proxycredentials.moc"
