// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionManager's guarantees against the real sandbox and the real keyring: only the
// server's own word ends a session, expiry is judged on the local clock, a lost answer is
// recovered, Retry-After is honoured, nobody waits for a hung server or lock holder, and
// sign-out is honest. (The keychain's own failures: tst_keychainguarantees.)

#include "reliability.h"
#include "testkeychain.h"
#include "testreply.h"

// Qt
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLocale>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUuid>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using Reason = SessionManager::SignOutReason;
using K = AuthError::Kind;

class tst_SessionGuarantees : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void onlyGoTrueEndsTheSession_data();
    void onlyGoTrueEndsTheSession();
    void foreignAnswersAreTransient_data();
    void foreignAnswersAreTransient();
    void implausibleAnswersAreNotStored_data();
    void implausibleAnswersAreNotStored();
    void expiryIsJudgedOnTheLocalClock();
    void lostAnswerIsRecovered();
    void retryAfterIsHonoured();
    void retryAfterAsAnHttpDate();
    void hungServerCostsOneTimeout();
    void stoppedLockHolderIsNotWaitedFor();
    void lockPathThatIsNoLockIsNotWaitedOn_data();
    void lockPathThatIsNoLockIsNotWaitedOn();
    void lockFallsBackToAPrivateDirectory();
    void signOutIsHonest_data();
    void signOutIsHonest();

private:
    std::unique_ptr<SessionManager> manager(SandboxFixture &f, const QUrl &url = QUrl()) const;
    Session signedIn(SandboxFixture &f, SessionManager *m);

    const QString m_service = QStringLiteral("wechatlogin-tests");
    QString m_key;
};

void tst_SessionGuarantees::init()
{
    m_key = QStringLiteral("sb-rel-%1-auth-token")
                .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
}

void tst_SessionGuarantees::cleanup()
{
    rawDeleteAll(m_service, m_key);
}

std::unique_ptr<SessionManager> tst_SessionGuarantees::manager(SandboxFixture &f,
                                                               const QUrl &url) const
{
    return managerFor(f, m_service, m_key, url);
}

// Signs in through the sandbox and hands the session to m; returns it as stored.
Session tst_SessionGuarantees::signedIn(SandboxFixture &f, SessionManager *m)
{
    AuthReply *r = kept(m->setSession(Session::fromJsonObject(f.signIn())));
    if (!waitForReply(r) || r->error().isError())
        return Session();
    delete r;
    return m->session();
}

void tst_SessionGuarantees::onlyGoTrueEndsTheSession_data()
{
    QTest::addColumn<QByteArray>("fault");
    QTest::addColumn<QString>("signedOut"); // empty: kept
    const auto body = [](int status, const char *json) {
        return QByteArray(R"({"path":"/auth/v1/token","status":)") + QByteArray::number(status)
               + R"(,"body":)" + json + "}";
    };
    // Not GoTrue's word: a gateway, a WAF, a proxy, an unreadable answer.
    QTest::newRow("bare 403") << QByteArray(R"({"path":"/auth/v1/token","status":403})") << "";
    QTest::newRow("bare 401") << QByteArray(R"({"path":"/auth/v1/token","status":401})") << "";
    QTest::newRow("bare 404") << QByteArray(R"({"path":"/auth/v1/token","status":404})") << "";
    QTest::newRow("403 with a gateway message")
        << body(403, R"({"message":"Forbidden by policy"})") << "";
    QTest::newRow("200 that is not a session") << body(200, R"({"hello":"world"})") << "";
    QTest::newRow("200 array") << body(200, "[]") << "";
    // GoTrue's own codes, in both error styles and the legacy wording.
    QTest::newRow("refresh_token_not_found")
        << body(400, R"({"code":"refresh_token_not_found","message":"Invalid Refresh Token"})")
        << "RefreshTokenRevoked";
    QTest::newRow("session_not_found")
        << body(403, R"({"code":403,"error_code":"session_not_found","msg":"Session not found"})")
        << "SessionExpired";
    QTest::newRow("session_expired")
        << body(400, R"({"code":"session_expired","message":"Session expired"})")
        << "SessionExpired";
    QTest::newRow("user_banned") << body(400, R"({"code":"user_banned","message":"banned"})")
                                 << "AccessDenied";
    QTest::newRow("legacy invalid_grant") << body(
        400,
        R"({"error":"invalid_grant","error_description":"Invalid Refresh Token: Refresh Token Not Found"})")
                                          << "RefreshTokenRevoked";
}

// Guarantee 1: only GoTrue's own error codes end a session; every other answer keeps it,
// and the caller hears an error that is not "signed out".
void tst_SessionGuarantees::onlyGoTrueEndsTheSession()
{
    QFETCH(QByteArray, fault);
    QFETCH(QString, signedOut);
    SandboxFixture f;
    auto m = manager(f);
    const Session s = signedIn(f, m.get());
    QVERIFY(s.isValid());
    QSignalSpy out(m.get(), &SessionManager::signedOut);
    QVERIFY(injectFault(f, fault));
    AuthReply *r = kept(m->refresh());
    QVERIFY(waitForReply(r));
    QVERIFY(r->error().isError());
    if (signedOut.isEmpty()) {
        QVERIFY2(!r->error().endsSession(), qPrintable(r->error().toString()));
        QCOMPARE(m->state(), SessionManager::State::SignedIn);
        QVERIFY(m->isOffline());
        QCOMPARE(out.count(), 0);
        QCOMPARE(Session::fromJson(rawReadSession(m_service, m_key).toUtf8()).refreshToken(),
                 s.refreshToken()); // kept in the keychain too
        // and the next attempt, the fault gone, refreshes
        QSignalSpy refreshed(m.get(), &SessionManager::tokenRefreshed);
        QVERIFY(refreshed.wait(10000));
        QVERIFY(!m->isOffline());
    } else {
        QVERIFY(r->error().endsSession());
        QCOMPARE(out.count(), 1);
        QCOMPARE(nameOf(out.at(0).at(0).value<Reason>()), signedOut);
        QCOMPARE(m->state(), SessionManager::State::SignedOut);
        QTRY_COMPARE(rawEntries(m_service, m_key), QStringList());
    }
}

void tst_SessionGuarantees::foreignAnswersAreTransient_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<int>("kind");
    QTest::newRow("captive portal page")
        << ForeignServer::html(200) << "http" << int(K::CaptivePortal);
    QTest::newRow("captive portal redirect")
        << ForeignServer::html(302, "Location: http://10.0.0.1/login\r\n") << "http"
        << int(K::CaptivePortal);
    QTest::newRow("proxy's 403 page") << ForeignServer::html(403) << "http" << int(K::AccessDenied);
    QTest::newRow("TLS handshake fails") << ForeignServer::html(200) << "https" << int(K::Tls);
}

// Something that is not GoTrue answers (a portal, a proxy, a broken TLS path): transient.
void tst_SessionGuarantees::foreignAnswersAreTransient()
{
    QFETCH(QByteArray, response);
    QFETCH(QString, scheme);
    QFETCH(int, kind);
    SandboxFixture f;
    const Session s = signedIn(f, manager(f).get());
    ForeignServer foreign(response);
    auto m = manager(f, foreign.url(scheme));
    QSignalSpy out(m.get(), &SessionManager::signedOut);
    QVERIFY(waitForReply(m->restore()));
    QCOMPARE(m->session(), s);
    AuthReply *r = kept(m->refresh());
    QVERIFY(waitForReply(r));
    QCOMPARE(int(r->error().kind()), kind);
    QVERIFY(!r->error().endsSession());
    QCOMPARE(m->state(), SessionManager::State::SignedIn);
    QCOMPARE(out.count(), 0);
    QCOMPARE(rawReadSession(m_service, m_key).toUtf8(), s.toJson());
}

void tst_SessionGuarantees::implausibleAnswersAreNotStored_data()
{
    QTest::addColumn<QJsonValue>("expiresIn");
    QTest::newRow("already expired") << QJsonValue(-5);
    QTest::newRow("zero") << QJsonValue(0);
    QTest::newRow("ten thousand years") << QJsonValue(315360000000.0);
}

// Guarantee 8 (last part): a refresh answer that is already expired or absurd is never
// stored over a good session.
void tst_SessionGuarantees::implausibleAnswersAreNotStored()
{
    QFETCH(QJsonValue, expiresIn);
    SandboxFixture f;
    auto m = manager(f);
    const Session s = signedIn(f, m.get());
    QJsonObject answer = Session::fromJsonObject(f.signIn()).toJsonObject();
    answer.insert(QStringLiteral("expires_in"), expiresIn);
    answer.remove(QStringLiteral("expires_at"));
    const QJsonObject fault{{QStringLiteral("path"), QStringLiteral("/auth/v1/token")},
                            {QStringLiteral("status"), 200},
                            {QStringLiteral("body"), answer}};
    QVERIFY(injectFault(f, QJsonDocument(fault).toJson()));
    QSignalSpy out(m.get(), &SessionManager::signedOut);
    AuthReply *r = kept(m->refresh());
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), K::InvalidResponse);
    QCOMPARE(m->session(), s);
    QCOMPARE(rawReadSession(m_service, m_key).toUtf8(), s.toJson());
    QCOMPARE(out.count(), 0);
}

// Guarantee 2: the local time an answer arrived plus its lifetime, never the server's
// expires_at against our clock.
void tst_SessionGuarantees::expiryIsJudgedOnTheLocalClock()
{
    SandboxFixture f;
    auto m = manager(f);
    const Session s = signedIn(f, m.get());
    // The server's clock says it expired two hours ago; ours says it has most of an hour.
    QJsonObject skewed = s.toJsonObject();
    skewed.insert(QStringLiteral("expires_at"), QDateTime::currentSecsSinceEpoch() - 7200);
    QVERIFY(waitForReply(m->setSession(Session::fromJsonObject(skewed))));
    AuthReply *r = kept(m->accessToken());
    QVERIFY(waitForReply(r));
    QCOMPARE(r->session().accessToken(), s.accessToken());
    QCOMPARE(refreshRequests(f), 0);
    // And the other way: the server's clock says hours are left, ours says it expired:
    // exactly one refresh, and the fresh token is not refreshed again.
    skewed.insert(QStringLiteral("expires_at"), QDateTime::currentSecsSinceEpoch() + 7200);
    skewed.insert(QStringLiteral("local_expires_at_ms"), QDateTime::currentMSecsSinceEpoch() - 1);
    QVERIFY(waitForReply(m->setSession(Session::fromJsonObject(skewed))));
    QVERIFY(waitForReply(r = kept(m->accessToken())));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QVERIFY(r->session().refreshToken() != s.refreshToken()); // (a JWT of the same second is
    QVERIFY(serverAccepts(f, r->session().accessToken()));    // the same string)
    for (int i = 0; i < 5; ++i)
        QVERIFY(waitForReply(m->accessToken()));
    QTest::qWait(300); // nothing scheduled at once either
    QCOMPARE(refreshRequests(f), 1);
}

// Guarantee 7: the server rotated but its answer was lost; the same refresh token again
// gets the active child (GoTrue's parent-reuse rule) and the session goes on.
void tst_SessionGuarantees::lostAnswerIsRecovered()
{
    SandboxFixture f;
    auto m = manager(f);
    const Session s = signedIn(f, m.get());
    QVERIFY(injectFault(f, R"({"path":"/auth/v1/token","drop_after":true})"));
    QSignalSpy out(m.get(), &SessionManager::signedOut);
    QSignalSpy refreshed(m.get(), &SessionManager::tokenRefreshed);
    AuthReply *r = kept(m->refresh());
    QVERIFY(waitForReply(r));
    // The answer never came: Qt's HTTP channel sends the request again by itself, or the
    // manager's retry does; either way the same refresh token goes again.
    if (r->error().isError())
        QVERIFY(refreshed.wait(10000));
    QCOMPARE(refreshed.count(), 1);
    QCOMPARE(out.count(), 0);
    QCOMPARE(refreshRequests(f), 2);
    const Session now = m->session();
    QVERIFY(now.refreshToken() != s.refreshToken());
    QVERIFY(serverAccepts(f, now.accessToken()));
    // the active child, not a revoked family: it refreshes on
    QCOMPARE(f.refresh(now.refreshToken()).status, 200);
}

// Retry-After may be an HTTP-date ("Mon, 30 Nov 2026 08:00:05 GMT"), judged against the
// answer's own Date header (both the server's clock).
void tst_SessionGuarantees::retryAfterAsAnHttpDate()
{
    SandboxFixture f;
    const Session s = signedIn(f, manager(f).get());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto httpDate = [](const QDateTime &t) {
        return QLocale::c()
            .toString(t, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
            .toLatin1();
    };
    ForeignServer gateway(ForeignServer::html(
        429, "Date: " + httpDate(now) + "\r\nRetry-After: " + httpDate(now.addSecs(7)) + "\r\n"));
    auto m = manager(f, gateway.url());
    QVERIFY(waitForReply(m->restore()));
    QCOMPARE(m->session(), s);
    AuthReply *r = kept(m->refresh());
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), K::RateLimited);
    QCOMPARE(r->error().retryAfterSeconds(), 7);
    QCOMPARE(m->state(), SessionManager::State::SignedIn);
}

// Guarantee 7: a 429 with Retry-After is retried no sooner than asked.
void tst_SessionGuarantees::retryAfterIsHonoured()
{
    SandboxFixture f;
    auto m = manager(f);
    signedIn(f, m.get());
    QVERIFY(injectFault(f, R"({"path":"/auth/v1/token","status":429,"retry_after":2})"));
    QSignalSpy refreshed(m.get(), &SessionManager::tokenRefreshed);
    QElapsedTimer timer;
    timer.start();
    AuthReply *r = kept(m->refresh());
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), K::RateLimited);
    QCOMPARE(r->error().retryAfterSeconds(), 2);
    QVERIFY(refreshed.wait(10000));
    QVERIFY2(timer.elapsed() >= 1900, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(refreshRequests(f), 2);
}

// Guarantee 6: a server that does not answer costs one request timeout, not two, and the
// aborted request prints nothing.
void tst_SessionGuarantees::hungServerCostsOneTimeout()
{
    SandboxFixture f;
    auto first = manager(f);
    const Session s = signedIn(f, first.get());
    QVERIFY(waitForReply(first->setSession(withLocalExpiry(s, -1000)))); // expired
    first.reset();
    QVERIFY(injectFault(f, R"({"path":"/auth/v1/token","delay_ms":30000})"));
    static QStringList messages;
    messages.clear();
    const QtMessageHandler previous = qInstallMessageHandler(
        [](QtMsgType, const QMessageLogContext &, const QString &text) { messages << text; });
    auto restoreHandler = qScopeGuard([previous] { qInstallMessageHandler(previous); });

    AuthConfig config(f.sandbox().authUrl(), f.sandbox().anonKey());
    config.setStorageKey(m_key);
    config.setRequestTimeoutMs(1000);
    SessionManager m(config, m_service);
    QElapsedTimer timer;
    timer.start();
    AuthReply *restored = kept(m.restore()); // the expired token: refreshed first, times out
    QVERIFY(waitForReply(restored));
    QCOMPARE(restored->error().kind(), K::Timeout);
    QCOMPARE(m.state(), SessionManager::State::SignedIn); // kept
    AuthReply *r = kept(m.accessToken());
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), K::Timeout); // said at once, no second timeout
    QVERIFY2(timer.elapsed() < 2500, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(refreshRequests(f), 1);
    restoreHandler.dismiss();
    qInstallMessageHandler(previous);
    QVERIFY2(messages.filter(QStringLiteral("not open")).isEmpty(),
             qPrintable(messages.join('\n')));
}

// Guarantee 6: a holder of the lock that is alive but stopped (Ctrl-Z, a debugger) holds up
// nobody: a working token is handed out at once, an expired one is refreshed after the
// lock's bound.
void tst_SessionGuarantees::stoppedLockHolderIsNotWaitedFor()
{
    SandboxFixture f;
    auto first = manager(f);
    const Session s = signedIn(f, first.get());
    const QString lockFile = first->lockFilePath();
    first.reset();
    auto store = [&](const Session &session) { return storeSession(m_service, m_key, session); };
    QProcess holder;
    holder.start(QStringLiteral(SESSION_HELPER), {QStringLiteral("hold-lock"), lockFile});
    auto end = qScopeGuard([&] {
        holder.kill(); // SIGKILL ends a stopped process too
        holder.waitForFinished();
    });
    QVERIFY(holder.waitForReadyRead(10000));
    QCOMPARE(holder.readAllStandardOutput().trimmed(), QByteArray("locked"));

    // Due (30 s left) but working: restored and handed out without waiting for the holder;
    // the refresh waits in the background, and goes on without the lock after its bound.
    QVERIFY(store(withLocalExpiry(s, 30000)));
    auto m = manager(f);
    m->setLockTimeoutMs(1500);
    QSignalSpy refreshed(m.get(), &SessionManager::tokenRefreshed);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(waitForReply(m->restore()));
    AuthReply *r = kept(m->accessToken());
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QCOMPARE(r->session().accessToken(), s.accessToken());
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(refreshed.wait(10000));
    QVERIFY(timer.elapsed() >= 1400);
    QVERIFY(serverAccepts(f, m->session().accessToken()));
    const Session rotated = m->session();
    m.reset();

    // Expired: the restore waits for the lock's bound, re-reads, and refreshes.
    QVERIFY(store(withLocalExpiry(rotated, -1000)));
    m = manager(f);
    m->setLockTimeoutMs(1500);
    timer.restart();
    QVERIFY(waitForReply(m->restore(), 15000));
    QVERIFY(waitForReply(r = kept(m->accessToken())));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QVERIFY(r->session().refreshToken() != rotated.refreshToken());
    QVERIFY(serverAccepts(f, r->session().accessToken()));
    QVERIFY2(timer.elapsed() >= 1400 && timer.elapsed() < 10000,
             qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(holder.state(), QProcess::Running); // still stopped, still holding
}

// Issue 22, row 4: whatever sits at the lock's path (a directory, a symlink, a FIFO, a file
// forged to look held), a refresh never waits for it (was: the whole 10 s lock wait, at
// every refresh, forever).
void tst_SessionGuarantees::lockPathThatIsNoLockIsNotWaitedOn_data()
{
    QTest::addColumn<QString>("what");
    QTest::newRow("a directory") << QStringLiteral("directory");
    QTest::newRow("a symlink to a file elsewhere") << QStringLiteral("symlink");
    QTest::newRow("a FIFO") << QStringLiteral("fifo");
    QTest::newRow("a file forged to name a live holder") << QStringLiteral("forged");
}

void tst_SessionGuarantees::lockPathThatIsNoLockIsNotWaitedOn()
{
    QFETCH(QString, what);
    SandboxFixture f;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("refresh.lock"));
    const QByteArray native = QFile::encodeName(path);
    if (what == QLatin1String("directory")) {
        QVERIFY(QDir().mkdir(path));
    } else if (what == QLatin1String("symlink")) {
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("target")), path));
    } else if (what == QLatin1String("fifo")) {
        QCOMPARE(::mkfifo(native.constData(), 0600), 0);
    } else { // QLockFile's format, naming this very process: "held by a live process"
        QFile forged(path);
        QVERIFY(forged.open(QIODevice::WriteOnly));
        forged.write(QByteArray::number(QCoreApplication::applicationPid()) + "\nwechat-login\n"
                     + QSysInfo::machineHostName().toUtf8() + "\n");
    }
    auto m = manager(f);
    m->setLockFilePath(path);
    m->setLockTimeoutMs(8000);
    const Session s = signedIn(f, m.get());
    QElapsedTimer timer;
    timer.start();
    AuthReply *r = kept(m->refresh());
    QVERIFY(waitForReply(r, 15000));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QVERIFY(r->session().refreshToken() != s.refreshToken());
    QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
    if (what == QLatin1String("symlink"))
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("target")))); // never followed
}

// Issue 22, row 4: with no XDG_RUNTIME_DIR and no home, the lock is in a directory of this
// user's own under /tmp; one there that another user made is not used (was: a predictable
// shared /tmp name anybody could take first).
void tst_SessionGuarantees::lockFallsBackToAPrivateDirectory()
{
    SandboxFixture f;
    const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR"), home = qgetenv("HOME"),
                     cache = qgetenv("XDG_CACHE_HOME");
    auto restore = qScopeGuard([&] {
        for (const auto &[name, value] :
             {std::pair{"XDG_RUNTIME_DIR", runtime}, std::pair{"HOME", home},
              std::pair{"XDG_CACHE_HOME", cache}})
            value.isNull() ? qunsetenv(name) : qputenv(name, value);
    });
    qunsetenv("XDG_RUNTIME_DIR");
    qunsetenv("XDG_CACHE_HOME");
    qputenv("HOME", "/proc/wechatlogin-no-home"); // nobody can make it, root included
    const QString mine =
        QDir::tempPath() + QStringLiteral("/wechatlogin-") + QString::number(::geteuid());
    QDir(mine).removeRecursively();
    auto m = manager(f);
    QCOMPARE(QFileInfo(m->lockFilePath()).absolutePath(), mine);
    QVERIFY(waitForReply(m->restore())); // not signed in: only where its lock is matters here
    struct stat st = {};
    QCOMPARE(::lstat(QFile::encodeName(mine).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, mode_t(0700));
    m.reset();

    // Somebody else made it first (here: root hands it to nobody, world-writable).
    QVERIFY(QDir(mine).removeRecursively());
    QVERIFY(QDir().mkdir(mine));
    QCOMPARE(::chmod(QFile::encodeName(mine).constData(), 0777), 0);
    if (::geteuid() == 0)
        QCOMPARE(::chown(QFile::encodeName(mine).constData(), 65534, 65534), 0);
    m = manager(f);
    QVERIFY2(QFileInfo(m->lockFilePath()).absolutePath() != mine, qPrintable(m->lockFilePath()));
    const Session s = signedIn(f, m.get());
    AuthReply *r = kept(m->refresh());
    QVERIFY(waitForReply(r));
    QVERIFY2(!r->error().isError(), qPrintable(r->error().toString()));
    QVERIFY(QDir(mine).isEmpty());
    QDir(mine).removeRecursively();
}

void tst_SessionGuarantees::signOutIsHonest_data()
{
    QTest::addColumn<QByteArray>("fault"); // on /auth/v1/logout; empty: none
    QTest::addColumn<bool>("confirmed");
    QTest::newRow("204") << QByteArray() << true;
    QTest::newRow("bare 403 from a gateway") << QByteArray(R"({"status":403})") << false;
    QTest::newRow("bare 404") << QByteArray(R"({"status":404})") << false;
    QTest::newRow("503") << QByteArray(R"({"status":503})") << false;
    QTest::newRow("GoTrue: session_not_found")
        << QByteArray(R"({"status":403,"body":{"code":"session_not_found","message":"gone"}})")
        << true;
}

// Guarantee 8: a global sign-out is confirmed only by the server, or by GoTrue saying the
// session was already gone; otherwise the reply says the other devices may be signed in.
void tst_SessionGuarantees::signOutIsHonest()
{
    QFETCH(QByteArray, fault);
    QFETCH(bool, confirmed);
    SandboxFixture f;
    auto m = manager(f);
    const Session s = signedIn(f, m.get());
    if (!fault.isEmpty()) {
        QJsonObject o = QJsonDocument::fromJson(fault).object();
        o.insert(QStringLiteral("path"), QStringLiteral("/auth/v1/logout"));
        QVERIFY(injectFault(f, QJsonDocument(o).toJson()));
    }
    AuthReply *r = kept(m->signOut(AuthClient::SignOutScope::Global));
    QVERIFY(waitForReply(r));
    QCOMPARE(m->state(), SessionManager::State::SignedOut); // here, always
    QCOMPARE(rawEntries(m_service, m_key), QStringList());
    QCOMPARE(!r->error().isError(), confirmed);
    if (!confirmed) {
        QVERIFY(r->error().message().contains(QLatin1String("server could not be told")));
        if (fault.contains("403") || fault.contains("404")) // the gateway lied: still alive
            QCOMPARE(f.refresh(s.refreshToken()).status, 200);
    }
}

QTEST_GUILESS_MAIN(tst_SessionGuarantees)
#include "tst_sessionguarantees.moc"
