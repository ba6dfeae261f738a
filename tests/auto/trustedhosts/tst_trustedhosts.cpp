// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include <WeChatLogin/trustedhosts.h>

// Qt
#include <QTest>

using namespace WeChatLogin;

class tst_TrustedHosts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void contains_data()
    {
        QTest::addColumn<QString>("project");
        QTest::addColumn<QStringList>("entries");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("trusted");
        const QString project = QStringLiteral("https://ref.baseapi.memfiredb.com");
        const QStringList wechat{QStringLiteral("open.weixin.qq.com")};
        QTest::newRow("project origin")
            << project << wechat << project + "/auth/v1/authorize" << true;
        QTest::newRow("project, explicit port")
            << project << wechat << "https://ref.baseapi.memfiredb.com:443/x" << true;
        QTest::newRow("project host, http")
            << project << wechat << "http://ref.baseapi.memfiredb.com/x" << false;
        QTest::newRow("project host, other port")
            << project << wechat << "https://ref.baseapi.memfiredb.com:444/x" << false;
        QTest::newRow("project subdomain")
            << project << wechat << "https://x.ref.baseapi.memfiredb.com/" << false;
        QTest::newRow("host case") << project << wechat << "https://OPEN.weixin.qq.com/x" << true;
        QTest::newRow("bare host is https only")
            << project << wechat << "http://open.weixin.qq.com/x" << false;
        QTest::newRow("bare host is port 443 only")
            << project << wechat << "https://open.weixin.qq.com:8443/x" << false;
        QTest::newRow("host:port, http")
            << project << QStringList{"127.0.0.1:8080"} << "http://127.0.0.1:8080/x" << true;
        QTest::newRow("host:port, https")
            << project << QStringList{"127.0.0.1:8080"} << "https://127.0.0.1:8080/x" << true;
        QTest::newRow("host:port, other port")
            << project << QStringList{"127.0.0.1:8080"} << "http://127.0.0.1:8081/x" << false;
        QTest::newRow("suffix is not the host")
            << project << wechat << "https://evilopen.weixin.qq.com/" << false;
        QTest::newRow("prefix is not the host")
            << project << wechat << "https://open.weixin.qq.com.evil.example/" << false;
        QTest::newRow("ipv6 with port")
            << project << QStringList{"[::1]:8443"} << "http://[::1]:8443/x" << true;
        QTest::newRow("ipv6, another spelling")
            << project << QStringList{"[::1]:8443"} << "http://[0:0::1]:8443/" << true;
        QTest::newRow("ipv6 bare")
            << project << QStringList{"[2001:db8::1]"} << "https://[2001:db8::1]/" << true;
        QTest::newRow("ipv6 bare, unbracketed")
            << project << QStringList{"2001:db8::1"} << "https://[2001:DB8::1]/" << true;
        QTest::newRow("ipv6 other address")
            << project << QStringList{"[::1]:8443"} << "http://[::2]:8443/" << false;
        QTest::newRow("ipv4 is not ipv6")
            << project << QStringList{"[::1]:8443"} << "http://127.0.0.1:8443/" << false;
        QTest::newRow("ipv6 project")
            << "http://[::1]:5" << QStringList() << "http://[::1]:5/x" << true;
        QTest::newRow("user info")
            << project << wechat << "https://u:p@open.weixin.qq.com/" << false;
        QTest::newRow("not http") << project << wechat << "ftp://open.weixin.qq.com/" << false;
        QTest::newRow("data") << project << wechat << "data:text/html,x" << false;
        QTest::newRow("invalid entries are ignored")
            << project << QStringList{"http://open.weixin.qq.com/", "::"}
            << "https://open.weixin.qq.com/" << false;
    }
    void contains()
    {
        QFETCH(QString, project);
        QFETCH(QStringList, entries);
        QFETCH(QString, url);
        QFETCH(bool, trusted);
        QCOMPARE(TrustedHosts(QUrl(project), entries).contains(QUrl(url)), trusted);
    }
    void entryError_data()
    {
        QTest::addColumn<QString>("entry");
        QTest::addColumn<bool>("valid");
        QTest::newRow("name") << "open.weixin.qq.com" << true;
        QTest::newRow("name:port") << "auth.example.com:8443" << true;
        QTest::newRow("ipv4:port") << "127.0.0.1:54321" << true;
        QTest::newRow("[ipv6]") << "[::1]" << true;
        QTest::newRow("[ipv6]:port") << "[fe80::1]:443" << true;
        QTest::newRow("ipv6 bare") << "2001:db8::1" << true;
        QTest::newRow("spaces around") << " example.com " << true;
        QTest::newRow("url") << "https://example.com/" << false;
        QTest::newRow("port 0") << "example.com:0" << false;
        QTest::newRow("port too big") << "example.com:70000" << false;
        QTest::newRow("port not a number") << "example.com:x" << false;
        QTest::newRow("empty port") << "example.com:" << false;
        QTest::newRow("[not ipv6]") << "[example.com]:80" << false;
        QTest::newRow("unclosed bracket") << "[::1:80" << false;
        QTest::newRow("junk after bracket") << "[::1]x80" << false;
        QTest::newRow("bad ipv6") << "1::2::3" << false;
        QTest::newRow("underscore") << "a_b.example.com" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("path") << "example.com/x" << false;
        QTest::newRow("user info") << "u@example.com" << false;
    }
    void entryError()
    {
        QFETCH(QString, entry);
        QFETCH(bool, valid);
        const QString why = TrustedHosts::entryError(entry);
        QCOMPARE(why.isEmpty(), valid);
        if (!valid)
            QVERIFY2(why.contains(entry.trimmed()), qPrintable(why));
    }
};

QTEST_APPLESS_MAIN(tst_TrustedHosts)
#include "tst_trustedhosts.moc"
