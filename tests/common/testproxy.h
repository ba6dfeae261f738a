// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTPROXY_H
#define WECHATLOGIN_TESTS_TESTPROXY_H

// Header-only: a real proxy for tests, and the address to put a server on so that Qt and
// Chromium use the proxy at all (neither proxies loopback).

// Qt
#include <QFile>
#include <QHostAddress>
#include <QNetworkInterface>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace WeChatLogin::Test {

// This machine's first non-loopback, non-link-local IPv4 address (null: none).
inline QHostAddress nonLoopbackAddress()
{
    for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback() && !a.isLinkLocal())
            return a;
    }
    return QHostAddress();
}

// tinyproxy in the foreground on a free loopback port, logging every request.
class Tinyproxy
{
public:
    explicit Tinyproxy(const QString &basicAuth = QString())
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        m_port = probe.serverPort();
        probe.close();
        QFile conf(m_dir.filePath(QStringLiteral("tinyproxy.conf")));
        if (!conf.open(QIODevice::WriteOnly))
            return;
        QByteArray text = "Port " + QByteArray::number(m_port)
                          + "\nListen 127.0.0.1\nTimeout 60\n"
                            "LogFile \""
                          + log().toUtf8()
                          + "\"\nLogLevel Connect\nMaxClients 50\n"
                            "Allow 127.0.0.1\nDisableViaHeader Yes\n"; // no ConnectPort: any port
        if (!basicAuth.isEmpty())
            text += "BasicAuth " + basicAuth.toUtf8() + '\n';
        conf.write(text);
        conf.close();
        m_process.start(QStringLiteral("tinyproxy"),
                        {QStringLiteral("-d"), QStringLiteral("-c"), conf.fileName()});
        m_ready = m_process.waitForStarted(10000)
                  && QTest::qWaitFor(
                      [this] {
                          QTcpSocket s;
                          s.connectToHost(QHostAddress::LocalHost, m_port);
                          return s.waitForConnected(200);
                      },
                      10000);
    }
    ~Tinyproxy()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished();
    }
    bool isReady() const { return m_ready; }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QString log() const { return m_dir.filePath(QStringLiteral("tinyproxy.log")); }
    // The request lines it handled ("GET http://...", "CONNECT host:port").
    QStringList requests() const
    {
        QFile f(log());
        QStringList found;
        if (!f.open(QIODevice::ReadOnly))
            return found;
        for (const QByteArray &line : f.readAll().split('\n')) {
            const int at = line.indexOf("): ");
            if (line.contains("Request (file descriptor") && at > 0)
                found << QString::fromUtf8(line.mid(at + 3)).trimmed();
        }
        return found;
    }
    int count(const QString &part) const { return requests().filter(part).size(); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    bool m_ready = false;
};

} // namespace WeChatLogin::Test

#endif
