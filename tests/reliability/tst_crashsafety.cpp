// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Guarantee 3: a write never loses both the old and the new session. The real wechat-login
// refreshes a large (chunked) session and is killed with SIGKILL at its first, second,
// third ... D-Bus message (strace's fault injection on sendmsg), until one run gets through
// untouched. After every kill the keychain must hold a readable session, the app must work
// with it, and it must still refresh.

#include "reliability.h"
#include "testkeychain.h"
#include "testreply.h"
#include <WeChatLogin/sessionstore.h>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

class tst_CrashSafety : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedAtEveryKeychainMessage();
    void cleanup();

private:
    bool store(const Session &session);
    Session read(QString *error);

    static constexpr int ChunkSize = 2048;
    QString m_key;
};

// Stored in parts (Windows' layout, or an earlier version's), so every refresh the app
// writes (one entry here) replaces a chunked session: the head first, then the parts go.
bool tst_CrashSafety::store(const Session &session)
{
    SessionStore keychain(QLatin1String(AppRunner::Service));
    keychain.setChunkSize(ChunkSize);
    AuthReply *w = kept(keychain.write(m_key, session));
    const bool ok = waitForReply(w) && !w->error().isError();
    delete w;
    return ok;
}

Session tst_CrashSafety::read(QString *error)
{
    SessionStore keychain(QLatin1String(AppRunner::Service));
    AuthReply *r = kept(keychain.read(m_key));
    if (!waitForReply(r))
        *error = QStringLiteral("no answer");
    else if (r->error().isError())
        *error = r->error().toString();
    const Session s = r->session();
    delete r;
    return s;
}

void tst_CrashSafety::cleanup()
{
    if (!m_key.isEmpty())
        rawDeleteAll(QLatin1String(AppRunner::Service), m_key);
}

void tst_CrashSafety::killedAtEveryKeychainMessage()
{
    const QString strace = QStandardPaths::findExecutable(QStringLiteral("strace"));
    if (strace.isEmpty())
        QFAIL("strace is missing: install strace (the README's test command does)");
    SandboxFixture f;
    AppRunner app(f);
    m_key = app.storageKey();
    // A session of several parts.
    QJsonObject json = Session::fromJsonObject(f.signIn()).toJsonObject();
    QJsonObject user = json.value(QStringLiteral("user")).toObject();
    QJsonObject meta = user.value(QStringLiteral("user_metadata")).toObject();
    meta.insert(QStringLiteral("signature"), QString(1500, QChar(0x5FAE)));
    user.insert(QStringLiteral("user_metadata"), meta);
    json.insert(QStringLiteral("user"), user);
    Session current = anchored(Session::fromJsonObject(json));
    QVERIFY(current.toJson().size() > 2 * ChunkSize);

    int killed = 0;
    bool completed = false;
    for (int n = 1; n <= 200 && !completed; ++n) {
        // Expired: the run refreshes, then writes the new session over the old one.
        QVERIFY(store(withLocalExpiry(current, -1000)));
        const AppRun traced = app.run(
            {QStringLiteral("token")}, QProcessEnvironment::systemEnvironment(), 60000,
            {strace, QStringLiteral("-f"), QStringLiteral("-qq"), QStringLiteral("-o"),
             QStringLiteral("/dev/null"), QStringLiteral("-e"), QStringLiteral("trace=sendmsg"),
             QStringLiteral("-e"), QStringLiteral("inject=sendmsg:signal=SIGKILL:when=%1").arg(n)});
        completed = traced.exitCode == 0;
        if (!completed) {
            QVERIFY2(traced.exitCode == 137 || traced.exitCode == -2, qPrintable(describe(traced)));
            ++killed;
        }
        // Whatever moment the process died at, a whole session is stored...
        QString error;
        const Session recovered = read(&error);
        QVERIFY2(error.isEmpty() && recovered.isValid(),
                 qPrintable(QStringLiteral("killed at D-Bus message %1: %2").arg(n).arg(error)));
        // ...the app works with it (refreshing it if it is the old, expired one)...
        const AppRun token = app.run({QStringLiteral("token")});
        QVERIFY2(
            token.exitCode == 0,
            qPrintable(QStringLiteral("after a kill at message %1: ").arg(n) + describe(token)));
        QVERIFY(serverAccepts(f, token.out.trimmed()));
        // ...and it refreshes.
        QString again;
        current = read(&again);
        QVERIFY2(again.isEmpty(), qPrintable(again));
        QVERIFY(store(withLocalExpiry(current, -1000)));
        const int before = refreshRequests(f);
        const AppRun refreshed = app.run({QStringLiteral("token")});
        QVERIFY2(refreshed.exitCode == 0, qPrintable(describe(refreshed)));
        QCOMPARE(refreshRequests(f), before + 1);
        current = read(&again);
        QVERIFY2(again.isEmpty(), qPrintable(again));
    }
    QVERIFY(completed);
    QVERIFY(killed >= 5); // the write really was cut at several points
    qInfo("killed at %d points of a refresh's keychain traffic; every one recovered", killed);
}

QTEST_GUILESS_MAIN(tst_CrashSafety)
#include "tst_crashsafety.moc"
