// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionStore against the real OS keychain (gnome-keyring in the test command's
// private D-Bus session). Every entry a test creates is removed again.

#include "testkeychain.h"
#include "testreply.h"
#include <WeChatLogin/sessionstore.h>

// Qt
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <qt6keychain/keychain.h>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

Session makeSession(int padding)
{
    // A realistic session, grown by a large user_metadata field; Chinese text crosses chunk
    // borders.
    QJsonObject meta{{QStringLiteral("nickname"), QStringLiteral("小微同学")},
                     {QStringLiteral("padding"), QString(padding, QChar(0x5FAE))}}; // 微
    return Session::fromJsonObject(QJsonObject{
        {QStringLiteral("access_token"),
         QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEiLCJleHAiOjQxMDI0NDQ4MDB9.c2ln")},
        {QStringLiteral("token_type"), QStringLiteral("bearer")},
        {QStringLiteral("expires_in"), 3600},
        {QStringLiteral("expires_at"), qint64(4102444800)},
        {QStringLiteral("refresh_token"), QStringLiteral("abcdefghijkl")},
        {QStringLiteral("user"), QJsonObject{{QStringLiteral("id"), QStringLiteral("u-1")},
                                             {QStringLiteral("user_metadata"), meta}}}});
}

} // namespace

class tst_SessionStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void roundTripSmall();
    void readableBySecretTool();
    void chunkedRoundTripAndDelete();
    void shrinkingRemovesStaleChunks();
    void partialSetIsReported();
    void corruptEntryIsReportedThenReplaced();
    void nothingStored();
    void invalidSessionIsRefused();
    void noKeychain();
    void storeDestroyedMidOperation();

private:
    QString m_service;
    QString m_key;
    std::unique_ptr<SessionStore> m_store;
};

void tst_SessionStore::init()
{
    m_service = QStringLiteral("wechatlogin-tests");
    m_key = QStringLiteral("sb-test-%1-auth-token")
                .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    m_store = std::make_unique<SessionStore>(m_service);
}

void tst_SessionStore::cleanup()
{
    if (!qEnvironmentVariableIsEmpty("WECHATLOGIN_EXPECT_NO_KEYCHAIN")) {
        m_store.reset();
        return;
    }
    rawDeleteAll(m_service, m_key);
    m_store.reset();
}

void tst_SessionStore::roundTripSmall()
{
    const Session s = makeSession(10);
    QVERIFY(s.toJson().size() < SessionStore::ChunkSize);
    AuthReply *w = m_store->write(m_key, s);
    QVERIFY(waitForReply(w));
    QVERIFY2(!w->error().isError(), qPrintable(w->error().toString()));
    AuthReply *r = m_store->read(m_key);
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(r->session(), s);
    QCOMPARE(r->operation(), AuthReply::Operation::ReadSession);
    // exactly the auth-js JSON, in one entry
    QString raw;
    QCOMPARE(rawRead(m_service, m_key, &raw), QKeychain::NoError);
    QCOMPARE(raw.toUtf8(), s.toJson());
    QCOMPARE(rawRead(m_service, m_key + QStringLiteral(".1")), QKeychain::EntryNotFound);
}

// A store (with its manager) destroyed while the keychain is still answering, e.g. an
// app quitting right after sign-in: the late answers must not reach deleted jobs.
void tst_SessionStore::storeDestroyedMidOperation()
{
    m_store->write(m_key, makeSession(10));
    m_store->read(m_key);
    m_store->remove(m_key + QStringLiteral("-other"));
    // Until the keychain calls are on the wire (qtkeychain starts its jobs from the event
    // loop), but not answered.
    QCoreApplication::processEvents(); // the first job starts: its call is on the wire
    m_store.reset();
    // A later operation's answer comes after the abandoned ones (one D-Bus connection).
    m_store = std::make_unique<SessionStore>(m_service);
    AuthReply *r = m_store->read(m_key + QStringLiteral("-other"));
    QVERIFY(waitForReply(r));
    QVERIFY(!r->error().isError());
}

void tst_SessionStore::readableBySecretTool()
{
    const QString secretTool = QStandardPaths::findExecutable(QStringLiteral("secret-tool"));
    if (secretTool.isEmpty())
        QFAIL("secret-tool is missing: install libsecret-tools (the README's test command does)");
    const Session s = makeSession(10);
    QVERIFY(waitForReply(m_store->write(m_key, s)));
    QProcess tool;
    tool.start(secretTool, {QStringLiteral("lookup"), QStringLiteral("server"), m_service,
                            QStringLiteral("user"), m_key});
    QVERIFY(QTest::qWaitFor([&] { return tool.state() == QProcess::NotRunning; }, 20000));
    QCOMPARE(tool.readAllStandardOutput(), s.toJson());
}

void tst_SessionStore::chunkedRoundTripAndDelete()
{
    const Session big = makeSession(3000); // ~10 KiB of UTF-8
    const QByteArray json = big.toJson();
    QVERIFY(json.size() > 9 * 1024);
    const QStringList entries = SessionStore::entryNames(m_key, int(json.size()));
    QCOMPARE(entries.size(), int((json.size() + 2047) / 2048));
    QVERIFY(waitForReply(m_store->write(m_key, big)));
    QByteArray joined;
    for (const QString &entry : entries) {
        QString part;
        QCOMPARE(rawRead(m_service, entry, &part), QKeychain::NoError);
        QVERIFY(part.toUtf8().size() <= SessionStore::ChunkSize);
        joined += part.toUtf8();
    }
    QCOMPARE(joined, json);
    AuthReply *r = m_store->read(m_key);
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(r->session(), big);
    QCOMPARE(r->session().nickname(), QStringLiteral("小微同学"));
    // delete removes every chunk
    AuthReply *del = m_store->remove(m_key);
    QVERIFY(waitForReply(del));
    QVERIFY(!del->error().isError());
    for (const QString &entry : entries)
        QCOMPARE(rawRead(m_service, entry), QKeychain::EntryNotFound);
    AuthReply *again = m_store->read(m_key);
    QVERIFY(waitForReply(again));
    QVERIFY(!again->error().isError());
    QVERIFY(!again->session().isValid());
}

void tst_SessionStore::shrinkingRemovesStaleChunks()
{
    QVERIFY(waitForReply(m_store->write(m_key, makeSession(3000))));
    QCOMPARE(rawRead(m_service, m_key + QStringLiteral(".4")), QKeychain::NoError);
    const Session small = makeSession(10);
    QVERIFY(waitForReply(m_store->write(m_key, small)));
    for (int i = 1; i < 6; ++i)
        QCOMPARE(rawRead(m_service, m_key + u'.' + QString::number(i)), QKeychain::EntryNotFound);
    AuthReply *r = m_store->read(m_key);
    QVERIFY(waitForReply(r));
    QCOMPARE(r->session(), small);
}

void tst_SessionStore::partialSetIsReported()
{
    QVERIFY(waitForReply(m_store->write(m_key, makeSession(3000))));
    rawDelete(m_service, m_key + QStringLiteral(".4")); // the last part went missing
    AuthReply *r = m_store->read(m_key);
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::StoredSessionCorrupt);
    QVERIFY(!r->session().isValid());
    QVERIFY(!r->error().userMessage().isEmpty());
}

void tst_SessionStore::corruptEntryIsReportedThenReplaced()
{
    rawWrite(m_service, m_key, QStringLiteral("{\"access_token\": not json"));
    AuthReply *r = m_store->read(m_key);
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::StoredSessionCorrupt);
    // the next successful sign-in replaces it
    const Session s = makeSession(10);
    QVERIFY(waitForReply(m_store->write(m_key, s)));
    AuthReply *after = m_store->read(m_key);
    QVERIFY(waitForReply(after));
    QCOMPARE(after->session(), s);
}

void tst_SessionStore::nothingStored()
{
    AuthReply *r = m_store->read(m_key);
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QVERIFY(!r->session().isValid());
    AuthReply *del = m_store->remove(m_key);
    QVERIFY(waitForReply(del));
    QVERIFY(!del->error().isError());
}

void tst_SessionStore::invalidSessionIsRefused()
{
    AuthReply *w = m_store->write(m_key, Session());
    QVERIFY(waitForReply(w));
    QCOMPARE(w->error().kind(), AuthError::Kind::InvalidRequest);
    QCOMPARE(rawRead(m_service, m_key), QKeychain::EntryNotFound);
}

// Run as the ctest entry tst_sessionstore_nokeychain, with no D-Bus session bus at all.
void tst_SessionStore::noKeychain()
{
    if (qEnvironmentVariableIsEmpty("WECHATLOGIN_EXPECT_NO_KEYCHAIN"))
        QSKIP("runs as tst_sessionstore_nokeychain, outside any D-Bus session");
    const Session s = makeSession(10);
    AuthReply *w = m_store->write(m_key, s);
    QVERIFY(waitForReply(w));
    QCOMPARE(w->error().kind(), AuthError::Kind::KeychainUnavailable);
    QVERIFY(w->error().userMessage().contains(QLatin1String("keychain")));
    AuthReply *r = m_store->read(m_key);
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::KeychainUnavailable);

    // The opt-in plaintext fallback: a 0600 file, read back, removed again.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("sub/session.json"));
    m_store->setPlaintextFallbackFile(file);
    AuthReply *w2 = m_store->write(m_key, makeSession(3000));
    QVERIFY(waitForReply(w2));
    QVERIFY2(!w2->error().isError(), qPrintable(w2->error().toString()));
    QCOMPARE(QFile::permissions(file)
                 & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
    AuthReply *r2 = m_store->read(m_key);
    QVERIFY(waitForReply(r2));
    QCOMPARE(r2->session(), makeSession(3000));
    QVERIFY(waitForReply(m_store->remove(m_key)));
    QVERIFY(!QFile::exists(file));
}

QTEST_GUILESS_MAIN(tst_SessionStore)
#include "tst_sessionstore.moc"
