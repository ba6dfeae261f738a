// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionManager against the real sandbox over loopback and the real OS keychain
// (gnome-keyring in the test command's private D-Bus session). Every keychain entry a
// test creates is removed again.

#include "testhttp.h"
#include "testkeychain.h"
#include "testreply.h"
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QJsonDocument>
#include <QMetaEnum>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QUuid>

#include <algorithm>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using Reason = SessionManager::SignOutReason;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

SandboxOptions options(SandboxOptions::ServerEra era = SandboxOptions::ServerEra::Current,
                       qint64 jwtExpMs = 3'600'000)
{
    SandboxOptions o;
    o.serverEra = era;
    o.jwtExpMs = jwtExpMs;
    return o;
}

// The same session with its expiry moved, on both clocks (the tokens stay what the server
// issued): what the manager judges is the local expiry.
Session withExpiry(const Session &session, qint64 secondsFromNow)
{
    QJsonObject json = session.toJsonObject();
    json.insert(QStringLiteral("expires_at"), QDateTime::currentSecsSinceEpoch() + secondsFromNow);
    json.insert(QStringLiteral("local_expires_at_ms"),
                QDateTime::currentMSecsSinceEpoch() + secondsFromNow * 1000);
    return Session::fromJsonObject(json);
}

// POST /token?grant_type=refresh_token requests the sandbox has received.
int refreshRequests(SandboxFixture &f)
{
    return f.requestCount("/auth/v1/token", "grant_type=refresh_token");
}

QString reasonName(Reason reason)
{
    return QString::fromLatin1(QMetaEnum::fromType<Reason>().valueToKey(int(reason)));
}

// The manager's events, in order.
class Events : public QObject
{
public:
    explicit Events(SessionManager *m)
    {
        connect(m, &SessionManager::initialSession, this, [this](const Session &s) {
            list << (s.isValid() ? QStringLiteral("initial") : QStringLiteral("initial:none"));
        });
        connect(m, &SessionManager::signedIn, this, [this] { list << QStringLiteral("signedIn"); });
        connect(m, &SessionManager::tokenRefreshed, this, [this](const Session &s) {
            list << QStringLiteral("refreshed");
            refreshTokens << s.refreshToken();
        });
        connect(m, &SessionManager::userUpdated, this,
                [this] { list << QStringLiteral("userUpdated"); });
        connect(m, &SessionManager::signedOut, this, [this](Reason reason) {
            list << QStringLiteral("signedOut:") + reasonName(reason);
        });
    }
    int count(const QString &event) const { return int(list.count(event)); }

    QStringList list;
    QStringList refreshTokens;
};

} // namespace

class tst_SessionManager : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void persistAndRestore_data();
    void persistAndRestore();
    void largeSessionInChunks();
    void restoreRefreshesExpiredFirst_data();
    void restoreRefreshesExpiredFirst();
    void refreshesByItself_data();
    void refreshesByItself();
    void accessTokenIsSingleFlight();
    void accessTokenWhenSignedOut();
    void transientFaultsKeepTheSession_data();
    void transientFaultsKeepTheSession();
    void serverDownLongerThanTheTokenLifetime();
    void revokedElsewhereSignsOut_data();
    void revokedElsewhereSignsOut();
    void signOutScopes();
    void signOutWithExpiredAccessToken();
    void signOutOffline();
    void fetchUserUpdatesTheProfile();
    void adoptsAnotherProcessRotation();
    void alreadyUsedRereadsTheKeychain_data();
    void alreadyUsedRereadsTheKeychain();
    void corruptEntryIsReplaced();
    void twoProcessesRace();
    void noKeychain();

private:
    std::unique_ptr<SessionManager> manager(SandboxFixture &f) const;
    bool keychainExpected() const
    {
        return qEnvironmentVariableIsEmpty("WECHATLOGIN_EXPECT_NO_KEYCHAIN");
    }

    QString m_service;
    QString m_key;
};

void tst_SessionManager::init()
{
    if (!keychainExpected() && QString::fromLatin1(QTest::currentTestFunction()) != "noKeychain")
        QSKIP("tst_sessionmanager_nokeychain runs only noKeychain");
    m_service = QStringLiteral("wechatlogin-tests");
    m_key = QStringLiteral("sb-test-%1-auth-token")
                .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
}

void tst_SessionManager::cleanup()
{
    if (keychainExpected())
        rawDeleteAll(m_service, m_key);
}

std::unique_ptr<SessionManager> tst_SessionManager::manager(SandboxFixture &f) const
{
    AuthConfig config(f.sandbox().authUrl(), f.sandbox().anonKey());
    config.setStorageKey(m_key);
    return std::make_unique<SessionManager>(config, m_service);
}

void tst_SessionManager::persistAndRestore_data()
{
    QTest::addColumn<SandboxOptions::ServerEra>("era");
    QTest::newRow("current") << SandboxOptions::ServerEra::Current;
    QTest::newRow("legacy") << SandboxOptions::ServerEra::Legacy;
}

void tst_SessionManager::persistAndRestore()
{
    QFETCH(SandboxOptions::ServerEra, era);
    SandboxFixture f(options(era));
    const Session s = Session::fromJsonObject(f.signIn());
    QVERIFY(s.isValid());

    auto a = manager(f);
    Events ea(a.get());
    QCOMPARE(a->state(), SessionManager::State::Unknown);
    AuthReply *r = kept(a->restore());
    QCOMPARE(a->state(), SessionManager::State::Restoring);
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QVERIFY(!r->session().isValid());
    QCOMPARE(a->state(), SessionManager::State::SignedOut);

    r = kept(a->setSession(s));
    QCOMPARE(a->state(), SessionManager::State::SignedIn); // at once, in memory
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QVERIFY(a->isPersistent());
    QCOMPARE(ea.list, QStringList({"initial:none", "signedIn"}));
    const QString raw = rawReadSession(m_service, m_key);
    QCOMPARE(raw.toUtf8(), a->session().toJson());
    // auth-js's JSON, plus the local expiry (a field auth-js ignores)
    QJsonObject stored = QJsonDocument::fromJson(raw.toUtf8()).object();
    QVERIFY(stored.take(QStringLiteral("local_expires_at_ms")).toInteger() > 0);
    QCOMPARE(stored, s.toJsonObject());

    // A new instance (the next launch) restores it silently, with no request.
    auto b = manager(f);
    Events eb(b.get());
    r = kept(b->restore());
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(b->session(), a->session());
    QCOMPARE(b->state(), SessionManager::State::SignedIn);
    QCOMPARE(eb.list, QStringList({"initial"}));
    // due on the local clock: the local expiry minus the margin
    QCOMPARE(b->nextRefresh().toMSecsSinceEpoch(),
             b->session().localExpiresAtMs() - SessionManager::RefreshMarginSeconds * 1000);
    QCOMPARE(refreshRequests(f), 0);

    // Sign-out removes the entry and ends the session on the server.
    r = kept(b->signOut(AuthClient::SignOutScope::Local));
    QCOMPARE(b->state(), SessionManager::State::SignedOut);
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(eb.list, QStringList({"initial", "signedOut:UserAction"}));
    QCOMPARE(rawRead(m_service, m_key), QKeychain::EntryNotFound);
    QVERIFY(f.refresh(s.refreshToken()).status >= 400);
}

void tst_SessionManager::largeSessionInChunks()
{
    SandboxFixture f;
    QJsonObject json = f.signIn();
    QJsonObject user = json.value("user").toObject();
    QJsonObject meta = user.value("user_metadata").toObject();
    meta.insert("notes", QString(3500, QChar(0x5FAE))); // 10.5 KB of UTF-8
    user.insert("user_metadata", meta);
    json.insert("user", user);
    const Session s = Session::fromJsonObject(json);
    QVERIFY(s.toJson().size() > qsizetype(10 * 1024));

    // The chunked layout, as on Windows (here one entry would do).
    auto a = manager(f);
    a->store()->setChunkSize(2048);
    QVERIFY(waitForReply(a->setSession(s)));
    QCOMPARE(rawRead(m_service, m_key + QStringLiteral(".a.6")), QKeychain::NoError);
    auto b = manager(f);
    b->store()->setChunkSize(2048);
    AuthReply *r = kept(b->restore());
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(b->session(), a->session());
    QVERIFY(waitForReply(b->signOut()));
    QCOMPARE(rawEntries(m_service, m_key), QStringList());
}

void tst_SessionManager::restoreRefreshesExpiredFirst_data()
{
    persistAndRestore_data();
}

void tst_SessionManager::restoreRefreshesExpiredFirst()
{
    QFETCH(SandboxOptions::ServerEra, era);
    SandboxFixture f(options(era));
    const Session s = withExpiry(Session::fromJsonObject(f.signIn()), -10);
    QVERIFY(s.isValid());
    SessionStore store(m_service);
    QVERIFY(waitForReply(store.write(m_key, s)));

    auto a = manager(f);
    Events ea(a.get());
    AuthReply *r = kept(a->restore());
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    // Reported signed in only once refreshed; the refresh is part of the initial session.
    QCOMPARE(ea.list, QStringList({"initial"}));
    QCOMPARE(a->state(), SessionManager::State::SignedIn);
    QVERIFY(a->session().refreshToken() != s.refreshToken());
    QVERIFY(!a->session().expiresWithin(SessionManager::RefreshMarginSeconds));
    QCOMPARE(refreshRequests(f), 1);
    const QString raw = rawReadSession(m_service, m_key);
    QCOMPARE(raw.toUtf8(), a->session().toJson());
}

void tst_SessionManager::refreshesByItself_data()
{
    persistAndRestore_data();
}

void tst_SessionManager::refreshesByItself()
{
    QFETCH(SandboxOptions::ServerEra, era);
    SandboxFixture f(options(era, 2000)); // 2 s tokens: refreshed at 90% of their life
    const Session s = Session::fromJsonObject(f.signIn());
    auto a = manager(f);
    Events ea(a.get());
    QVERIFY(waitForReply(a->setSession(s)));
    QVERIFY(a->nextRefresh().isValid());
    QVERIFY(a->nextRefresh() < a->session().expiresAtDateTime());

    QTRY_VERIFY_WITH_TIMEOUT(ea.count("refreshed") >= 3, 20000);
    QCOMPARE(ea.list.mid(0, 4), QStringList({"signedIn", "refreshed", "refreshed", "refreshed"}));
    QCOMPARE(QSet<QString>(ea.refreshTokens.begin(), ea.refreshTokens.end()).size(),
             ea.refreshTokens.size()); // each one a rotation
    QVERIFY(!ea.refreshTokens.contains(s.refreshToken()));
    QCOMPARE(a->state(), SessionManager::State::SignedIn);
    QVERIFY(!a->isOffline());
    QVERIFY(refreshRequests(f) >= 3);
    QCOMPARE(refreshRequests(f), ea.count("refreshed")); // nothing wasted
    const QString raw = rawReadSession(m_service, m_key);
    const Session stored = Session::fromJson(raw.toUtf8());
    QVERIFY(ea.refreshTokens.contains(stored.refreshToken()));
}

void tst_SessionManager::accessTokenIsSingleFlight()
{
    SandboxFixture f;
    const Session s = Session::fromJsonObject(f.signIn());
    auto a = manager(f);
    QVERIFY(waitForReply(a->setSession(s)));

    // A fresh token is handed out at once, with no request.
    AuthReply *fresh = kept(a->accessToken());
    QVERIFY(waitForReply(fresh));
    QCOMPARE(fresh->session().accessToken(), s.accessToken());
    QCOMPARE(fresh->operation(), AuthReply::Operation::AccessToken);
    QCOMPARE(refreshRequests(f), 0);

    // About to expire: 50 callers share one refresh.
    QVERIFY(waitForReply(a->setSession(withExpiry(s, 30))));
    Events ea(a.get());
    QList<AuthReply *> replies;
    for (int i = 0; i < 50; ++i)
        replies << kept(a->accessToken());
    QTRY_VERIFY(
        std::all_of(replies.begin(), replies.end(), [](AuthReply *r) { return r->isFinished(); }));
    for (AuthReply *r : replies) {
        QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
        QCOMPARE(r->session().accessToken(), replies.first()->session().accessToken());
    }
    QVERIFY(replies.first()->session().refreshToken() != s.refreshToken());
    QCOMPARE(refreshRequests(f), 1);
    QCOMPARE(ea.list, QStringList({"refreshed"}));

    // The callback form.
    QString token;
    a->withAccessToken(this, [&](const QString &t, const AuthError &e) {
        QVERIFY(!e.isError());
        token = t;
    });
    QTRY_COMPARE(token, a->session().accessToken());
}

void tst_SessionManager::accessTokenWhenSignedOut()
{
    SandboxFixture f;
    auto a = manager(f);
    Events ea(a.get());
    AuthReply *r = kept(a->accessToken()); // restores first by itself
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::NotAuthenticated);
    QCOMPARE(ea.list, QStringList({"initial:none"}));
    QCOMPARE(a->state(), SessionManager::State::SignedOut);
    QVERIFY(waitForReply(r = kept(a->refresh())));
    QCOMPARE(r->error().kind(), AuthError::Kind::NotAuthenticated);
    QVERIFY(waitForReply(r = kept(a->fetchUser())));
    QCOMPARE(r->error().kind(), AuthError::Kind::NotAuthenticated);
    QVERIFY(waitForReply(r = kept(a->signOut())));
    QVERIFY(!r->error().isError()); // nothing to do
    QVERIFY(waitForReply(r = kept(a->setSession(Session()))));
    QCOMPARE(r->error().kind(), AuthError::Kind::InvalidRequest);
}

void tst_SessionManager::transientFaultsKeepTheSession_data()
{
    QTest::addColumn<QByteArray>("fault");
    QTest::addColumn<int>("requests"); // -1: not counted (the client may resend a dropped one)
    QTest::newRow("503 twice") << QByteArray(R"({"status":503,"count":2})") << 3;
    QTest::newRow("502") << QByteArray(R"({"status":502,"count":1})") << 2;
    QTest::newRow("429") << QByteArray(R"({"status":429,"count":1})") << 2;
    QTest::newRow("409") << QByteArray(R"({"status":409,"count":1})") << 2;
    QTest::newRow("connection drops") << QByteArray(R"({"drop":true,"count":3})") << -1;
}

void tst_SessionManager::transientFaultsKeepTheSession()
{
    QFETCH(QByteArray, fault);
    QFETCH(int, requests);
    SandboxFixture f;
    const Session s = Session::fromJsonObject(f.signIn());
    QJsonObject body = QJsonDocument::fromJson(fault).object();
    body.insert("path", "/auth/v1/token");
    QCOMPARE(f.control("POST", "/sandbox/faults", QJsonDocument(body).toJson()).status, 204);

    auto a = manager(f);
    Events ea(a.get());
    QSignalSpy offline(a.get(), &SessionManager::offlineChanged);
    QVERIFY(waitForReply(a->setSession(withExpiry(s, 30)))); // due: refreshes at once
    QTRY_COMPARE_WITH_TIMEOUT(ea.count("refreshed"), 1, 20000);
    QCOMPARE(ea.list, QStringList({"signedIn", "refreshed"}));
    QCOMPARE(a->state(), SessionManager::State::SignedIn);
    QVERIFY(!a->isOffline());
    QCOMPARE(offline.count(), 2); // went offline, came back
    QCOMPARE(offline.at(0).at(0).toBool(), true);
    QCOMPARE(offline.at(1).at(0).toBool(), false);
    if (requests > 0)
        QCOMPARE(refreshRequests(f), requests);
    AuthReply *r = kept(a->accessToken());
    QVERIFY(waitForReply(r));
    QCOMPARE(r->session().refreshToken(), ea.refreshTokens.constLast());
}

void tst_SessionManager::serverDownLongerThanTheTokenLifetime()
{
    SandboxOptions o = options(SandboxOptions::ServerEra::Current, 2000);
    o.authPort = freePort();
    o.wechatPort = freePort();
    QVERIFY(o.authPort && o.wechatPort);
    SandboxFixture f(o);
    const Session s = Session::fromJsonObject(f.signIn());
    auto a = manager(f);
    Events ea(a.get());
    QVERIFY(waitForReply(a->setSession(s)));

    f.sandbox().stop();
    QTRY_VERIFY_WITH_TIMEOUT(a->isOffline(), 10000);
    QCOMPARE(a->lastError().kind(), AuthError::Kind::Network);
    // Past the token's expiry: still signed in, but no token can be handed out.
    QTRY_VERIFY_WITH_TIMEOUT(a->session().expiresWithin(-1), 10000);
    QCOMPARE(a->state(), SessionManager::State::SignedIn);
    AuthReply *r = kept(a->accessToken());
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::Network);
    QVERIFY(r->error().isRetryable());

    QString error;
    QVERIFY2(f.sandbox().start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(ea.count("refreshed") >= 1, 40000);
    QVERIFY(!a->isOffline());
    QCOMPARE(ea.list.mid(0, 2), QStringList({"signedIn", "refreshed"}));
    QCOMPARE(ea.list.filter("signedOut").size(), 0);
    r = kept(a->accessToken());
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
}

void tst_SessionManager::revokedElsewhereSignsOut_data()
{
    QTest::addColumn<bool>("viaRefresh");
    QTest::addColumn<QString>("reason");
    QTest::newRow("refresh") << true << "signedOut:RefreshTokenRevoked";
    QTest::newRow("fetchUser") << false << "signedOut:SessionExpired";
}

void tst_SessionManager::revokedElsewhereSignsOut()
{
    QFETCH(bool, viaRefresh);
    QFETCH(QString, reason);
    SandboxFixture f;
    const Session s = Session::fromJsonObject(f.signIn());
    const Session other = Session::fromJsonObject(f.signIn()); // the same user elsewhere
    auto a = manager(f);
    Events ea(a.get());
    QVERIFY(waitForReply(a->setSession(s)));

    // "Sign out on all devices" from the other session.
    const HttpResult logout = f.http().send("POST", f.auth("/auth/v1/logout?scope=global"),
                                            f.apiHeaders(other.accessToken()));
    QCOMPARE(logout.status, 204);

    AuthReply *r = kept(viaRefresh ? a->refresh() : a->fetchUser());
    QVERIFY(waitForReply(r));
    QVERIFY(r->error().isError());
    QCOMPARE(ea.list, QStringList({"signedIn", reason}));
    QCOMPARE(a->state(), SessionManager::State::SignedOut);
    QTRY_COMPARE(rawRead(m_service, m_key), QKeychain::EntryNotFound);
}

void tst_SessionManager::signOutScopes()
{
    SandboxFixture f;
    const Session s = Session::fromJsonObject(f.signIn());
    const Session other = Session::fromJsonObject(f.signIn());
    auto a = manager(f);
    Events ea(a.get());
    QVERIFY(waitForReply(a->setSession(s)));

    // Others: the other session ends, this one stays.
    AuthReply *r = kept(a->signOut(AuthClient::SignOutScope::Others));
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(a->state(), SessionManager::State::SignedIn);
    QVERIFY(f.refresh(other.refreshToken()).status >= 400);
    QVERIFY(waitForReply(r = kept(a->refresh())));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));

    // Global: every session of the user ends.
    const Session third = Session::fromJsonObject(f.signIn());
    QVERIFY(waitForReply(r = kept(a->signOut(AuthClient::SignOutScope::Global))));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(ea.list, QStringList({"signedIn", "refreshed", "signedOut:UserAction"}));
    QVERIFY(f.refresh(third.refreshToken()).status >= 400);
    QCOMPARE(rawRead(m_service, m_key), QKeychain::EntryNotFound);
}

void tst_SessionManager::signOutWithExpiredAccessToken()
{
    SandboxFixture f;
    const Session s = Session::fromJsonObject(f.signIn());
    auto a = manager(f);
    QVERIFY(waitForReply(a->setSession(s)));
    // Behind the manager's back the access token has expired (as after a long sleep).
    AuthReply *r = kept(a->setSession(withExpiry(s, -5)));
    QVERIFY(waitForReply(r));
    r = kept(a->signOut(AuthClient::SignOutScope::Local));
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    // It refreshed to be able to tell the server, and the server's session ended.
    bool loggedOut = false;
    for (const auto &v : f.requestLog()) {
        if (v.toObject().value("path").toString() == QLatin1String("/auth/v1/logout"))
            loggedOut = v.toObject().value("status").toInt() == 204;
    }
    QVERIFY(loggedOut);
    QVERIFY(refreshRequests(f) >= 1);
}

void tst_SessionManager::signOutOffline()
{
    SandboxFixture f;
    const Session s = Session::fromJsonObject(f.signIn());
    auto a = manager(f);
    Events ea(a.get());
    QVERIFY(waitForReply(a->setSession(s)));
    f.sandbox().stop();

    AuthReply *r = kept(a->signOut());
    QCOMPARE(a->state(), SessionManager::State::SignedOut); // at once
    QCOMPARE(ea.list, QStringList({"signedIn", "signedOut:UserAction"}));
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::Network);
    QVERIFY2(r->error().message().contains("server could not be told"),
             qPrintable(r->error().message()));
    QCOMPARE(rawRead(m_service, m_key), QKeychain::EntryNotFound);
}

void tst_SessionManager::fetchUserUpdatesTheProfile()
{
    SandboxFixture f;
    QJsonObject json = f.signIn();
    json.remove("user");
    const Session bare = Session::fromJsonObject(json);
    QVERIFY(bare.isValid());
    QVERIFY(bare.nickname().isEmpty());
    auto a = manager(f);
    Events ea(a.get());
    QVERIFY(waitForReply(a->setSession(bare)));
    AuthReply *r = kept(a->fetchUser());
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(a->session().nickname(), QStringLiteral("小微同学"));
    QCOMPARE(r->user().value("id").toString(), a->session().userId());
    QCOMPARE(ea.list, QStringList({"signedIn", "userUpdated"}));
    const QString raw = rawReadSession(m_service, m_key);
    QCOMPARE(Session::fromJson(raw.toUtf8()).nickname(), QStringLiteral("小微同学"));
}

void tst_SessionManager::adoptsAnotherProcessRotation()
{
    SandboxFixture f;
    const Session s = Session::fromJsonObject(f.signIn());
    auto a = manager(f);
    Events ea(a.get());
    QVERIFY(waitForReply(a->setSession(s)));
    // Another copy of the app rotates and stores the new session (anchored to the local
    // clock as every copy stores it).
    Session rotated = Session::fromJsonObject(f.refresh(s.refreshToken()).json());
    QVERIFY(rotated.isValid());
    rotated.setReceivedAt(QDateTime::currentMSecsSinceEpoch());
    SessionStore store(m_service);
    QVERIFY(waitForReply(store.write(m_key, rotated)));

    AuthReply *r = kept(a->refresh());
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(a->session(), rotated);
    QCOMPARE(ea.list, QStringList({"signedIn", "refreshed"}));
    QCOMPARE(refreshRequests(f), 1); // the other copy's only
}

void tst_SessionManager::alreadyUsedRereadsTheKeychain_data()
{
    QTest::addColumn<bool>("rotatedElsewhere");
    QTest::newRow("rotated elsewhere: adopted") << true;
    QTest::newRow("nothing newer: signed out") << false;
}

void tst_SessionManager::alreadyUsedRereadsTheKeychain()
{
    QFETCH(bool, rotatedElsewhere);
    SandboxFixture f;
    const Session s = Session::fromJsonObject(f.signIn());
    auto a = manager(f);
    Events ea(a.get());
    QVERIFY(waitForReply(a->setSession(s)));
    // The next refresh is held, then answered "Already Used" (as when a process that
    // does not take the lock rotated first).
    const QByteArray fault = R"({"path":"/auth/v1/token","status":400,"count":1,"delay_ms":1500,
        "body":{"code":400,"error_code":"refresh_token_already_used",
                "msg":"Invalid Refresh Token: Already Used"}})";
    QCOMPARE(f.control("POST", "/sandbox/faults", fault).status, 204);
    AuthReply *r = kept(a->refresh());
    QTRY_COMPARE(refreshRequests(f), 1); // held by the fault now
    Session rotated;
    if (rotatedElsewhere) {
        rotated = Session::fromJsonObject(f.refresh(s.refreshToken()).json());
        QVERIFY(rotated.isValid());
        rotated.setReceivedAt(QDateTime::currentMSecsSinceEpoch());
        SessionStore store(m_service);
        QVERIFY(waitForReply(store.write(m_key, rotated)));
    }
    QVERIFY(waitForReply(r));
    if (rotatedElsewhere) {
        QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
        QCOMPARE(a->session(), rotated);
        QCOMPARE(ea.list, QStringList({"signedIn", "refreshed"}));
    } else {
        QCOMPARE(r->error().kind(), AuthError::Kind::RefreshTokenReused);
        QCOMPARE(ea.list, QStringList({"signedIn", "signedOut:RefreshTokenRevoked"}));
        QCOMPARE(rawRead(m_service, m_key), QKeychain::EntryNotFound);
    }
}

void tst_SessionManager::corruptEntryIsReplaced()
{
    SandboxFixture f;
    rawWrite(m_service, m_key, QStringLiteral("{\"access_token\": 1"));
    auto a = manager(f);
    Events ea(a.get());
    AuthReply *r = kept(a->restore());
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::StoredSessionCorrupt);
    QCOMPARE(a->storageError().kind(), AuthError::Kind::StoredSessionCorrupt);
    QVERIFY(a->isPersistent()); // the keychain itself works
    QCOMPARE(ea.list, QStringList({"initial:none", "signedOut:StoredSessionUnreadable"}));

    const Session s = Session::fromJsonObject(f.signIn());
    QVERIFY(waitForReply(r = kept(a->setSession(s))));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    const QString raw = rawReadSession(m_service, m_key);
    QCOMPARE(raw.toUtf8(), a->session().toJson());
}

void tst_SessionManager::twoProcessesRace()
{
    // Reuse interval 0: any second use of a refresh token revokes the whole family, so
    // one uncoordinated refresh would sign both processes out.
    SandboxOptions o = options(SandboxOptions::ServerEra::Current, 2000);
    o.refreshReuseIntervalMs = 0;
    SandboxFixture f(o);
    Session s = Session::fromJsonObject(f.signIn());
    s.setReceivedAt(QDateTime::currentMSecsSinceEpoch()); // as the library stores it
    SessionStore store(m_service);
    QVERIFY(waitForReply(store.write(m_key, s)));

    constexpr int Rounds = 5;
    const QStringList args{f.sandbox().authUrl().toString(), f.sandbox().anonKey(), m_service,
                           m_key, QString::number(Rounds)};
    QProcess p1;
    QProcess p2;
    p1.start(QStringLiteral(RACER_PATH), args);
    p2.start(QStringLiteral(RACER_PATH), args);
    QVERIFY(p1.waitForStarted() && p2.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(
        p1.state() == QProcess::NotRunning && p2.state() == QProcess::NotRunning, 90000);
    const QStringList out1 = QString::fromUtf8(p1.readAllStandardOutput()).split(u'\n');
    const QStringList out2 = QString::fromUtf8(p2.readAllStandardOutput()).split(u'\n');
    const QString both = out1.join(u'|') + QStringLiteral(" || ") + out2.join(u'|');
    QVERIFY2(p1.exitCode() == 0 && p2.exitCode() == 0, qPrintable(both));

    QSet<QString> rotations;
    for (const QStringList &out : {out1, out2}) {
        QCOMPARE(out.filter("refreshed ").size(), Rounds);
        for (const QString &line : out.filter("refreshed "))
            rotations.insert(line.mid(10));
    }
    // Both saw the same sequence of sessions, and each rotation cost one request.
    QCOMPARE(out1.filter("refreshed "), out2.filter("refreshed "));
    QCOMPARE(rotations.size(), Rounds);
    QCOMPARE(refreshRequests(f), Rounds);
    int rejected = 0;
    for (const auto &v : f.requestLog()) {
        if (v.toObject().value("path").toString() == QLatin1String("/auth/v1/token")
            && v.toObject().value("status").toInt() != 200)
            ++rejected;
    }
    QCOMPARE(rejected, 0);
    qInfo("%d rotations shared by 2 processes, %d refresh requests", int(rotations.size()),
          refreshRequests(f));
}

void tst_SessionManager::noKeychain()
{
    if (keychainExpected())
        QSKIP("runs as tst_sessionmanager_nokeychain, outside any D-Bus session");
    SandboxFixture f;
    auto a = manager(f);
    Events ea(a.get());
    AuthReply *r = kept(a->restore());
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), AuthError::Kind::KeychainUnavailable);
    QVERIFY(!r->error().userMessage().isEmpty());
    QVERIFY(!a->isPersistent());
    QCOMPARE(ea.list, QStringList({"initial:none"}));

    // Memory only, but everything works for this run.
    const Session s = Session::fromJsonObject(f.signIn());
    QVERIFY(waitForReply(r = kept(a->setSession(s))));
    QCOMPARE(r->error().kind(), AuthError::Kind::KeychainUnavailable);
    QCOMPARE(a->state(), SessionManager::State::SignedIn);
    QVERIFY(!a->isPersistent());
    QCOMPARE(a->storageError().kind(), AuthError::Kind::KeychainUnavailable);
    QVERIFY(waitForReply(r = kept(a->refresh())));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QVERIFY(a->session().refreshToken() != s.refreshToken());
    QVERIFY(waitForReply(r = kept(a->fetchUser())));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QVERIFY(waitForReply(r = kept(a->signOut())));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(ea.list, QStringList({"initial:none", "signedIn", "refreshed", "userUpdated",
                                   "signedOut:UserAction"}));
}

QTEST_GUILESS_MAIN(tst_SessionManager)
#include "tst_sessionmanager.moc"
