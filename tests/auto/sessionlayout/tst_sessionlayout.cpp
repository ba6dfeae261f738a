// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionLayout, how a session lies in keychain entries (no keychain here): names, the
// manifest, what a head entry says, UTF-8-safe parts, hashes.

#include <WeChatLogin/session.h>
#include <sessionlayout_p.h>

// Qt
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace WeChatLogin;
using Layout = Internal::SessionLayout;

class tst_SessionLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names();
    void manifestRoundTrip();
    void badManifests_data();
    void badManifests();
    void describe();
    void splitKeepsCharactersWhole();
    void matches();
};

void tst_SessionLayout::names()
{
    QCOMPARE(Layout::partName(QStringLiteral("sb-x-auth-token"), QStringLiteral("a"), 3),
             QStringLiteral("sb-x-auth-token.a.3"));
    QCOMPARE(Layout::legacyPartName(QStringLiteral("k"), 2), QStringLiteral("k.2"));
    QCOMPARE(Layout::otherSlot(QStringLiteral("a")), QStringLiteral("b"));
    QCOMPARE(Layout::otherSlot(QStringLiteral("b")), QStringLiteral("a"));
    QCOMPARE(Layout::otherSlot(QString()), QStringLiteral("a")); // first chunked write
}

void tst_SessionLayout::manifestRoundTrip()
{
    Layout::Manifest m;
    m.current = {QStringLiteral("b"), 3, Layout::digest("new")};
    m.previous = {QStringLiteral("a"), 4, Layout::digest("old")};
    const auto parsed = Layout::parseManifest(Layout::manifestJson(m));
    QVERIFY(parsed);
    QCOMPARE(*parsed, m);
    Layout::Manifest first;
    first.current = {QStringLiteral("a"), 2, Layout::digest("x")};
    QVERIFY(!Layout::manifestJson(first).contains("previous"));
    QCOMPARE(*Layout::parseManifest(Layout::manifestJson(first)), first);
}

void tst_SessionLayout::badManifests_data()
{
    QTest::addColumn<QByteArray>("head");
    const QByteArray hash(64, '0');
    QTest::newRow("not JSON") << QByteArray("{\"wechatlogin_session_parts\": ");
    QTest::newRow("a session") << QByteArray(R"({"access_token":"x","refresh_token":"y"})");
    QTest::newRow("unknown slot")
        << QByteArray(R"({"wechatlogin_session_parts":{"slot":"c","count":2,"sha256":")") + hash
               + "\"}}";
    QTest::newRow("no parts")
        << QByteArray(R"({"wechatlogin_session_parts":{"slot":"a","count":0,"sha256":")") + hash
               + "\"}}";
    QTest::newRow("too many parts")
        << QByteArray(R"({"wechatlogin_session_parts":{"slot":"a","count":5000,"sha256":")") + hash
               + "\"}}";
    QTest::newRow("short hash") << QByteArray(
        R"({"wechatlogin_session_parts":{"slot":"a","count":2,"sha256":"00"}})");
}

void tst_SessionLayout::badManifests()
{
    QFETCH(QByteArray, head);
    QVERIFY(!Layout::parseManifest(head));
}

void tst_SessionLayout::describe()
{
    const QByteArray session =
        R"({"access_token":"a","refresh_token":"r","expires_at":4102444800})";
    QCOMPARE(Layout::describe(false, QByteArray()), Layout::Manifest()); // nothing stored
    QCOMPARE(Layout::describe(true, session), Layout::Manifest());       // one entry
    QVERIFY(Layout::describe(true, session.left(20)).isLegacy);          // a legacy first part
    Layout::Manifest m;
    m.current = {QStringLiteral("a"), 2, Layout::digest("x")};
    QCOMPARE(Layout::describe(true, Layout::manifestJson(m)), m);
}

void tst_SessionLayout::splitKeepsCharactersWhole()
{
    const QByteArray text = QString(1000, QChar(0x5FAE)).toUtf8(); // 3 bytes each
    const QList<QByteArray> parts = Layout::split(text, 2048);
    QCOMPARE(parts.size(), 2);
    QByteArray joined;
    for (const QByteArray &part : parts) {
        QVERIFY(part.size() <= 2048);
        QCOMPARE(QString::fromUtf8(part).toUtf8(), part); // valid UTF-8 on its own
        joined += part;
    }
    QCOMPARE(joined, text);
    QCOMPARE(Layout::split(QByteArray(), 2048), QList<QByteArray>{QByteArray()});
}

void tst_SessionLayout::matches()
{
    const QByteArray whole = "the whole session";
    const Layout::Slot slot{QStringLiteral("a"), 2, Layout::digest(whole)};
    QVERIFY(Layout::matches(slot, whole));
    QVERIFY(!Layout::matches(slot, whole.left(10))); // a part missing
    QVERIFY(!Layout::matches(slot, QByteArray()));
    QCOMPARE(Layout::corrupt(3).kind(), AuthError::Kind::StoredSessionCorrupt);
}

QTEST_APPLESS_MAIN(tst_SessionLayout)
#include "tst_sessionlayout.moc"
