// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login watch --json, the real process, following what other processes do to the
// session through the real keychain, against the sandbox: a sign-in, a fault (the server
// failing its own refresh: offline, then online), a refresh by `token`, a sign-out by
// `sign-out`; each line valid against docs/schema/watch.schema.json, in order.

#include "reliability.h"
#include "testjson.h"
#include "testkeychain.h"

// Qt
#include <QJsonArray>
#include <QScopeGuard>

#include <csignal>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

const QString Service = QLatin1String(AppRunner::Service);

// The lines a running process has printed so far.
class Lines
{
public:
    explicit Lines(QProcess &process)
        : m_process(process)
    {}
    QList<QJsonObject> events()
    {
        m_text += QString::fromUtf8(m_process.readAllStandardOutput());
        QList<QJsonObject> found;
        for (const QString &line : m_text.split(u'\n', Qt::SkipEmptyParts))
            found << QJsonDocument::fromJson(line.toUtf8()).object();
        return found;
    }
    QStringList names()
    {
        QStringList n;
        for (const QJsonObject &e : events())
            n << e.value(QLatin1String("event")).toString();
        return n;
    }
    QString text() const { return m_text; }

private:
    QProcess &m_process;
    QString m_text;
};

} // namespace

class tst_Watch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup();
    void followsOtherProcesses_data();
    void followsOtherProcesses();
    void usage();

private:
    QString m_key;
};

void tst_Watch::cleanup()
{
    if (!m_key.isEmpty())
        rawDeleteAll(Service, m_key);
    m_key.clear();
}

void tst_Watch::followsOtherProcesses_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::newRow("current GoTrue") << false;
    QTest::newRow("legacy GoTrue") << true;
}

void tst_Watch::followsOtherProcesses()
{
    QFETCH(bool, legacy);
    SandboxOptions o;
    o.serverEra = legacy ? SandboxOptions::ServerEra::Legacy : SandboxOptions::ServerEra::Current;
    SandboxFixture f(o);
    AppRunner app(f);
    const QString key = app.storageKey();
    m_key = key;
    rawDeleteAll(Service, key);

    QProcess watch;
    app.start(watch, {QStringLiteral("watch"), QStringLiteral("--json")});
    auto stop = qScopeGuard([&] {
        watch.kill();
        watch.waitForFinished();
    });
    Lines lines(watch);
    QTRY_COMPARE_WITH_TIMEOUT(lines.names(), QStringList{QStringLiteral("initial_session")}, 20000);
    QCOMPARE(lines.events().first().value(QLatin1String("signed_in")).toBool(true), false);

    // The server will refuse refreshes; another process stores a session that is due for
    // one: watch sees the sign-in, refreshes it itself, fails: offline.
    const Session shortLived =
        withLocalExpiry(anchored(Session::fromJsonObject(f.signIn())), 20'000);
    QVERIFY(shortLived.isValid());
    QVERIFY(injectFault(f, R"({"path":"/auth/v1/token","status":503,"count":1000})"));
    QVERIFY(storeSession(Service, key, shortLived));
    QTRY_VERIFY_WITH_TIMEOUT(lines.names().contains(QStringLiteral("offline")), 30000);
    QCOMPARE(lines.names().mid(0, 3),
             (QStringList{QStringLiteral("initial_session"), QStringLiteral("signed_in"),
                          QStringLiteral("offline")}));
    QCOMPARE(lines.events().at(1)[QLatin1String("user")][QLatin1String("id")].toString(),
             shortLived.userId());
    QCOMPARE(lines.events().at(2)[QLatin1String("error")][QLatin1String("kind")].toString(),
             QStringLiteral("ServerUnavailable"));

    // The server is back: its next attempt refreshes, and it is online again.
    QVERIFY(f.control("DELETE", QStringLiteral("/sandbox/faults")).status == 204);
    QTRY_VERIFY_WITH_TIMEOUT(lines.names().contains(QStringLiteral("online")), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(lines.names().contains(QStringLiteral("token_refreshed")), 10000);
    const int afterOwn = int(lines.names().size());

    // Another process refreshes (token --min-ttl forces it, once a little of the fresh
    // token's life has gone): watch follows.
    const qint64 expiry =
        Session::fromJson(rawReadSession(Service, key).toUtf8()).localExpiresAtMs();
    QTRY_VERIFY_WITH_TIMEOUT(expiry - QDateTime::currentMSecsSinceEpoch() < 3'597'000, 10000);
    const AppRun token =
        app.run({QStringLiteral("token"), QStringLiteral("--min-ttl"), QStringLiteral("3598")});
    QVERIFY2(token.exitCode == 0, qPrintable(describe(token)));
    QTRY_VERIFY_WITH_TIMEOUT(
        lines.names().mid(afterOwn).contains(QStringLiteral("token_refreshed")), 10000);

    // Another process signs out: watch says why.
    const AppRun signOut = app.run({QStringLiteral("sign-out")});
    QVERIFY2(signOut.exitCode == 0, qPrintable(describe(signOut)));
    QTRY_VERIFY_WITH_TIMEOUT(lines.names().contains(QStringLiteral("signed_out")), 10000);
    const QJsonObject last = lines.events().last();
    QCOMPARE(last[QLatin1String("event")].toString(), QStringLiteral("signed_out"));
    QCOMPARE(last[QLatin1String("reason")].toString(), QStringLiteral("signed_out_elsewhere"));
    QCOMPARE(last[QLatin1String("signed_in")].toBool(true), false);

    // The order, and every line against the schema; never a token.
    const QStringList names = lines.names();
    QVERIFY2(names.indexOf(QStringLiteral("offline")) < names.indexOf(QStringLiteral("online")),
             qPrintable(names.join(u' ')));
    QVERIFY2(validateJson(QStringLiteral("watch"), lines.text()).isEmpty(),
             qPrintable(validateJson(QStringLiteral("watch"), lines.text())));
    QVERIFY(!lines.text().contains(shortLived.accessToken()));
    QVERIFY(!lines.text().contains(shortLived.refreshToken()));

    // Interrupted: exit 0.
    ::kill(pid_t(watch.processId()), SIGTERM);
    QVERIFY(watch.waitForFinished(10000));
    QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watch.exitCode(), 0);
    stop.dismiss();
    qInfo().noquote() << "watch --json printed:\n" << lines.text();
}

void tst_Watch::usage()
{
    SandboxFixture f;
    AppRunner app(f);
    const AppRun r =
        app.run({QStringLiteral("watch"), QStringLiteral("--min-ttl"), QStringLiteral("5")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("--min-ttl only applies to token.")));
}

QTEST_GUILESS_MAIN(tst_Watch)
#include "tst_watch.moc"
