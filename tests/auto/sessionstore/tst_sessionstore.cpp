// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionStore against the real OS keychain (gnome-keyring in the test command's
// private D-Bus session). Every entry a test creates is removed again.

#include "testkeychain.h"
#include "testreply.h"
#include <WeChatLogin/sessionstore.h>

// Qt
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>

#include <qt6keychain/keychain.h>

using namespace WeChatLogin;

constexpr int WindowsChunkSize = 2048;
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
    void oneEntryHere();
    void writesAlternateSlotsAndKeepThePrevious();
    void shrinkingRemovesStaleChunks();
    void partialSetIsReported();
    void legacyLayoutIsReadThenReplaced();
    void removeDeletesEverythingEvenUnreadable();
    void corruptEntryIsReportedThenReplaced();
    void nothingStored();
    void invalidSessionIsRefused();
    void noKeychain();
    void lockedKeychainIsNotEmpty();
    void keychainThatDoesNotAnswer();
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
    // The chunked layout, as on Windows (Credential Manager's 2,560-byte limit); here a
    // session of any realistic size is one entry (oneEntryHere).
    m_store->setChunkSize(WindowsChunkSize);
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
    QVERIFY(s.toJson().size() < WindowsChunkSize);
    AuthReply *w = kept(m_store->write(m_key, s));
    QVERIFY(waitForReply(w));
    QVERIFY2(!w->error().isError(), qPrintable(w->error().toString()));
    AuthReply *r = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(r->session(), s);
    QCOMPARE(r->operation(), AuthReply::Operation::ReadSession);
    // exactly the auth-js JSON, in one entry
    QString raw;
    QCOMPARE(rawRead(m_service, m_key, &raw), QKeychain::NoError);
    QCOMPARE(raw.toUtf8(), s.toJson());
    QCOMPARE(rawEntries(m_service, m_key), QStringList{m_key});
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
    AuthReply *r = kept(m_store->read(m_key + QStringLiteral("-other")));
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

// Secret Service has no size limit: a 10 KiB session is one entry, auth-js's JSON as is,
// and one keychain read.
void tst_SessionStore::oneEntryHere()
{
    SessionStore store(m_service);
    QCOMPARE(store.chunkSize(), SessionStore::ChunkSize);
    QVERIFY(SessionStore::ChunkSize >= 64 * 1024);
    const Session big = makeSession(3000);
    QVERIFY(waitForReply(store.write(m_key, big)));
    QCOMPARE(rawEntries(m_service, m_key), QStringList{m_key});
    QString stored;
    QCOMPARE(rawRead(m_service, m_key, &stored), QKeychain::NoError);
    QCOMPARE(stored.toUtf8(), big.toJson());
    // Over a chunked session written before: replaced whole, its parts removed.
    QVERIFY(waitForReply(m_store->write(m_key, makeSession(3001))));
    QVERIFY(rawEntries(m_service, m_key).size() > 1);
    QVERIFY(waitForReply(store.write(m_key, big)));
    QCOMPARE(rawEntries(m_service, m_key), QStringList{m_key});
    AuthReply *r = kept(store.read(m_key));
    QVERIFY(waitForReply(r));
    QCOMPARE(r->session(), big);
}

void tst_SessionStore::chunkedRoundTripAndDelete()
{
    const Session big = makeSession(3000); // ~10 KiB of UTF-8
    const QByteArray json = big.toJson();
    QVERIFY(json.size() > 9 * 1024);
    const QStringList entries = SessionStore::entryNames(m_key, int(json.size()), WindowsChunkSize);
    QCOMPARE(entries.size(), 1 + int((json.size() + 2047) / 2048));
    QVERIFY(waitForReply(m_store->write(m_key, big)));
    QCOMPARE(rawEntries(m_service, m_key), entries);
    // The key entry names the parts, their count and the whole's SHA-256.
    QString head;
    QCOMPARE(rawRead(m_service, m_key, &head), QKeychain::NoError);
    const QJsonObject manifest = QJsonDocument::fromJson(head.toUtf8())
                                     .object()
                                     .value(QStringLiteral("wechatlogin_session_parts"))
                                     .toObject();
    QCOMPARE(manifest.value(QStringLiteral("slot")).toString(), QStringLiteral("a"));
    QCOMPARE(manifest.value(QStringLiteral("count")).toInt(), entries.size() - 1);
    QCOMPARE(
        manifest.value(QStringLiteral("sha256")).toString(),
        QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex()));
    QByteArray joined;
    for (const QString &entry : entries.mid(1)) {
        QString part;
        QCOMPARE(rawRead(m_service, entry, &part), QKeychain::NoError);
        QVERIFY(part.toUtf8().size() <= WindowsChunkSize);
        joined += part.toUtf8();
    }
    QCOMPARE(joined, json);
    AuthReply *r = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(r->session(), big);
    QCOMPARE(r->session().nickname(), QStringLiteral("小微同学"));
    // delete removes every part
    AuthReply *del = kept(m_store->remove(m_key));
    QVERIFY(waitForReply(del));
    QVERIFY(!del->error().isError());
    QCOMPARE(rawEntries(m_service, m_key), QStringList());
    AuthReply *again = kept(m_store->read(m_key));
    QVERIFY(waitForReply(again));
    QVERIFY(!again->error().isError());
    QVERIFY(!again->session().isValid());
}

// Each write fills the slot the key entry does not name and keeps the previous generation,
// so a write cut off at any point leaves a complete session named.
void tst_SessionStore::writesAlternateSlotsAndKeepThePrevious()
{
    const Session first = makeSession(3000);
    const Session second = makeSession(2500);
    QVERIFY(waitForReply(m_store->write(m_key, first)));
    QVERIFY(waitForReply(m_store->write(m_key, second)));
    const QStringList entries = rawEntries(m_service, m_key);
    QVERIFY(entries.contains(m_key + QStringLiteral(".a.1")));
    QVERIFY(entries.contains(m_key + QStringLiteral(".b.1")));
    QString head;
    rawRead(m_service, m_key, &head);
    const QJsonObject o = QJsonDocument::fromJson(head.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("wechatlogin_session_parts")).toObject().value("slot"),
             QJsonValue(QStringLiteral("b")));
    QCOMPARE(o.value(QStringLiteral("wechatlogin_previous_parts")).toObject().value("slot"),
             QJsonValue(QStringLiteral("a")));
    QCOMPARE(rawReadSession(m_service, m_key).toUtf8(), second.toJson());
    // The newest parts torn (a crash, or another writer mid-way): the previous one is read.
    rawWrite(m_service, m_key + QStringLiteral(".b.2"), QStringLiteral("garbage"));
    AuthReply *r = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(r->session(), first);
    // The third write goes back to slot a, and deletes a's parts past its new count.
    const Session third = makeSession(1200);
    QVERIFY(third.toJson().size() > WindowsChunkSize);
    QVERIFY(waitForReply(m_store->write(m_key, third)));
    QCOMPARE(rawReadSession(m_service, m_key).toUtf8(), third.toJson());
    QCOMPARE(rawRead(m_service, m_key + QStringLiteral(".a.5")), QKeychain::EntryNotFound);
}

void tst_SessionStore::shrinkingRemovesStaleChunks()
{
    QVERIFY(waitForReply(m_store->write(m_key, makeSession(3000))));
    QVERIFY(waitForReply(m_store->write(m_key, makeSession(2900))));
    QCOMPARE(rawRead(m_service, m_key + QStringLiteral(".a.4")), QKeychain::NoError);
    const Session small = makeSession(10);
    QVERIFY(waitForReply(m_store->write(m_key, small)));
    QCOMPARE(rawEntries(m_service, m_key), QStringList{m_key});
    AuthReply *r = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r));
    QCOMPARE(r->session(), small);
}

void tst_SessionStore::partialSetIsReported()
{
    QVERIFY(waitForReply(m_store->write(m_key, makeSession(3000))));
    rawDelete(m_service, m_key + QStringLiteral(".a.4")); // the last part went missing
    AuthReply *r = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::StoredSessionCorrupt);
    QVERIFY(!r->session().isValid());
    QVERIFY(!r->error().userMessage().isEmpty());
}

// Earlier versions wrote the key entry as the first part and key.1, key.2, ... as the
// rest: still read, and replaced (leftovers deleted) at the next write.
void tst_SessionStore::legacyLayoutIsReadThenReplaced()
{
    const Session big = makeSession(3000);
    const QByteArray json = big.toJson();
    for (qsizetype at = 0, i = 0; at < json.size(); ++i) {
        qsizetype end = std::min<qsizetype>(at + 2048, json.size());
        while (end < json.size() && (uchar(json.at(end)) & 0xC0) == 0x80)
            --end; // as that writer did: never inside a character
        rawWrite(m_service, i ? m_key + u'.' + QString::number(i) : m_key,
                 QString::fromUtf8(json.mid(at, end - at)));
        at = end;
    }
    AuthReply *r = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(r->session(), big);
    QVERIFY(waitForReply(m_store->write(m_key, big)));
    QCOMPARE(rawEntries(m_service, m_key),
             SessionStore::entryNames(m_key, int(json.size()), WindowsChunkSize));
    QCOMPARE(rawReadSession(m_service, m_key).toUtf8(), json);
}

// remove() deletes whatever a session may occupy, also when none of it can be read.
void tst_SessionStore::removeDeletesEverythingEvenUnreadable()
{
    rawWrite(m_service, m_key, QStringLiteral("{\"access_token\": not json"));
    for (const QString &part : {QStringLiteral(".a.1"), QStringLiteral(".a.2"),
                                QStringLiteral(".b.1"), QStringLiteral(".1"), QStringLiteral(".2")})
        rawWrite(m_service, m_key + part, QStringLiteral("refresh_token: still live"));
    QCOMPARE(rawEntries(m_service, m_key).size(), 6);
    AuthReply *del = kept(m_store->remove(m_key));
    QVERIFY(waitForReply(del));
    QVERIFY2(!del->error().isError(), qPrintable(del->error().toString()));
    QCOMPARE(rawEntries(m_service, m_key), QStringList());
}

void tst_SessionStore::corruptEntryIsReportedThenReplaced()
{
    rawWrite(m_service, m_key, QStringLiteral("{\"access_token\": not json"));
    AuthReply *r = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::StoredSessionCorrupt);
    // the next successful sign-in replaces it
    const Session s = makeSession(10);
    QVERIFY(waitForReply(m_store->write(m_key, s)));
    AuthReply *after = kept(m_store->read(m_key));
    QVERIFY(waitForReply(after));
    QCOMPARE(after->session(), s);
}

void tst_SessionStore::nothingStored()
{
    AuthReply *r = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QVERIFY(!r->session().isValid());
    AuthReply *del = kept(m_store->remove(m_key));
    QVERIFY(waitForReply(del));
    QVERIFY(!del->error().isError());
}

void tst_SessionStore::invalidSessionIsRefused()
{
    AuthReply *w = kept(m_store->write(m_key, Session()));
    QVERIFY(waitForReply(w));
    QCOMPARE(w->error().kind(), AuthError::Kind::InvalidRequest);
    QCOMPARE(rawRead(m_service, m_key), QKeychain::EntryNotFound);
}

// A locked collection reads as "not found" through libsecret, deletes nothing and refuses
// writes: each is KeychainLocked here, never "nothing stored"; unlocked, all is as before.
void tst_SessionStore::lockedKeychainIsNotEmpty()
{
    if (!qEnvironmentVariableIsEmpty("WECHATLOGIN_EXPECT_NO_KEYCHAIN"))
        QSKIP("needs the keyring");
    const Session s = makeSession(3000);
    QVERIFY(waitForReply(m_store->write(m_key, s)));
    QVERIFY(lockKeyring());
    auto unlock = qScopeGuard([] { unlockKeyring(); });
    AuthReply *r = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::KeychainLocked);
    QVERIFY(r->error().userMessage().contains(QLatin1String("locked")));
    AuthReply *w = kept(m_store->write(m_key, makeSession(10)));
    QVERIFY(waitForReply(w));
    QCOMPARE(w->error().kind(), AuthError::Kind::KeychainLocked);
    AuthReply *del = kept(m_store->remove(m_key));
    QVERIFY(waitForReply(del));
    QCOMPARE(del->error().kind(), AuthError::Kind::KeychainLocked);
    QVERIFY(unlockKeyring());
    unlock.dismiss();
    AuthReply *after = kept(m_store->read(m_key));
    QVERIFY(waitForReply(after));
    QVERIFY2(!after->error().isError(), qPrintable(after->error().toString()));
    QCOMPARE(after->session(), s); // nothing was lost, nothing half-written
}

// A keyring daemon that owns its D-Bus name but does not answer (stopped, hung): every
// call gives up after the store's timeout, as KeychainUnavailable.
void tst_SessionStore::keychainThatDoesNotAnswer()
{
    if (!qEnvironmentVariableIsEmpty("WECHATLOGIN_EXPECT_NO_KEYCHAIN"))
        QSKIP("needs the keyring");
    QVERIFY(waitForReply(m_store->write(m_key, makeSession(10))));
    const qint64 pid = secretServicePid();
    QVERIFY(pid > 0);
    QCOMPARE(::kill(pid_t(pid), SIGSTOP), 0);
    auto resume = qScopeGuard([pid] { ::kill(pid_t(pid), SIGCONT); });
    m_store->setKeychainTimeoutMs(1000);
    QElapsedTimer timer;
    timer.start();
    AuthReply *r = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r, 10000));
    QCOMPARE(r->error().kind(), AuthError::Kind::KeychainUnavailable);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(r->error().message().contains(QLatin1String("did not answer")));
    resume.dismiss();
    ::kill(pid_t(pid), SIGCONT);
    m_store->setKeychainTimeoutMs(5000);
    AuthReply *after = kept(m_store->read(m_key));
    QVERIFY(waitForReply(after));
    QVERIFY2(!after->error().isError(), qPrintable(after->error().toString()));
    QVERIFY(after->session().isValid());
}

// Run as the ctest entry tst_sessionstore_nokeychain, with no D-Bus session bus at all.
void tst_SessionStore::noKeychain()
{
    if (qEnvironmentVariableIsEmpty("WECHATLOGIN_EXPECT_NO_KEYCHAIN"))
        QSKIP("runs as tst_sessionstore_nokeychain, outside any D-Bus session");
    const Session s = makeSession(10);
    AuthReply *w = kept(m_store->write(m_key, s));
    QVERIFY(waitForReply(w));
    QCOMPARE(w->error().kind(), AuthError::Kind::KeychainUnavailable);
    QVERIFY(w->error().userMessage().contains(QLatin1String("keychain")));
    AuthReply *r = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::KeychainUnavailable);

    // The opt-in plaintext fallback: a 0600 file, read back, removed again.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("sub/session.json"));
    m_store->setPlaintextFallbackFile(file);
    AuthReply *w2 = kept(m_store->write(m_key, makeSession(3000)));
    QVERIFY(waitForReply(w2));
    QVERIFY2(!w2->error().isError(), qPrintable(w2->error().toString()));
    QCOMPARE(QFile::permissions(file)
                 & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
    AuthReply *r2 = kept(m_store->read(m_key));
    QVERIFY(waitForReply(r2));
    QCOMPARE(r2->session(), makeSession(3000));
    QVERIFY(waitForReply(m_store->remove(m_key)));
    QVERIFY(!QFile::exists(file));
}

QTEST_GUILESS_MAIN(tst_SessionStore)
#include "tst_sessionstore.moc"
