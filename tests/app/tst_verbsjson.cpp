// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The verbs' machine-readable side: status, session and token --json validated against
// the schemas in docs/schema (python3-jsonschema), token --min-ttl, in both server eras,
// with the real wechat-login process, the real keychain and the sandbox over loopback.

#include "reliability.h"
#include "testjson.h"
#include "testkeychain.h"

// Qt
#include <QJsonArray>
#include <QRegularExpression>
#include <QScopeGuard>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

const QString Service = QLatin1String(AppRunner::Service);

QJsonObject parse(const QString &line)
{
    return QJsonDocument::fromJson(line.toUtf8()).object();
}

} // namespace

class tst_VerbsJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void documents_data();
    void documents();
    void minTtl();
    void usage_data();
    void usage();
    void lockedKeychain();
    void absurdStoredExpiry();

private:
    static void checkFailure(const QString &verb, const AppRun &r, const QString &kind);
    QString m_key;
};

// A failed token/session --json: exactly one schema-valid failure document on stdout, of
// this kind, with the exit code and the sentence stderr has.
void tst_VerbsJson::checkFailure(const QString &verb, const AppRun &r, const QString &kind)
{
    QCOMPARE(r.out.count(u'\n'), 1);
    QVERIFY2(validateJson(verb, r.out).isEmpty(), qPrintable(validateJson(verb, r.out)));
    const QJsonObject e = parse(r.out).value(QLatin1String("error")).toObject();
    QCOMPARE(e.value(QLatin1String("kind")).toString(), kind);
    QCOMPARE(e.value(QLatin1String("exit_code")).toInt(), r.exitCode);
    QVERIFY2(r.err.contains(e.value(QLatin1String("message")).toString()), qPrintable(r.err));
}

void tst_VerbsJson::initTestCase()
{
    // The validator itself: a document that breaks the schema is refused.
    QVERIFY(!validateJson(QStringLiteral("token"), QStringLiteral("{\"schema\":1}\n")).isEmpty());
    QVERIFY(!validateJson(QStringLiteral("status"), QStringLiteral("not json\n")).isEmpty());
}

void tst_VerbsJson::cleanup()
{
    if (!m_key.isEmpty())
        rawDeleteAll(Service, m_key);
}

void tst_VerbsJson::documents_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::newRow("current GoTrue") << false;
    QTest::newRow("legacy GoTrue") << true;
}

void tst_VerbsJson::documents()
{
    QFETCH(bool, legacy);
    SandboxOptions o;
    o.serverEra = legacy ? SandboxOptions::ServerEra::Legacy : SandboxOptions::ServerEra::Current;
    SandboxFixture f(o);
    AppRunner app(f);
    m_key = app.storageKey();
    rawDeleteAll(Service, m_key);

    // Signed out: still one document, exit 1, and it says so.
    const AppRun out = app.run({QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(out.exitCode, 1);
    QVERIFY2(validateJson(QStringLiteral("status"), out.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("status"), out.out)));
    QCOMPARE(parse(out.out).value(QLatin1String("signed_in")).toBool(true), false);
    QVERIFY(parse(out.out).value(QLatin1String("user")).isNull());
    // token --json and session --json too: one failure document each (was: nothing).
    for (const QString &verb : {QStringLiteral("token"), QStringLiteral("session")}) {
        const AppRun r = app.run({verb, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        checkFailure(verb, r, QStringLiteral("NotSignedIn"));
    }

    const Session session = anchored(Session::fromJsonObject(f.signIn()));
    QVERIFY(storeSession(Service, m_key, session));

    const AppRun status = app.run({QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(status.exitCode == 0, qPrintable(describe(status)));
    QCOMPARE(status.out.count(u'\n'), 1); // one line
    QVERIFY2(validateJson(QStringLiteral("status"), status.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("status"), status.out)));
    const QJsonObject s = parse(status.out);
    QCOMPARE(s.value(QLatin1String("signed_in")).toBool(), true);
    QCOMPARE(s[QLatin1String("user")][QLatin1String("id")].toString(), session.userId());
    QCOMPARE(s[QLatin1String("user")][QLatin1String("nickname")].toString(), session.nickname());
    QCOMPARE(s[QLatin1String("provider")].toString(), QStringLiteral("wechat_qr"));
    QCOMPARE(s[QLatin1String("storage")][QLatin1String("kind")].toString(),
             QStringLiteral("keychain"));
    QCOMPARE(s[QLatin1String("storage")][QLatin1String("entry")].toString(), m_key);
    QCOMPARE(s[QLatin1String("storage")][QLatin1String("backend")].toString(),
             QStringLiteral("gnome-keyring-daemon"));
    QCOMPARE(s[QLatin1String("storage")][QLatin1String("locked")].toBool(true), false);
    QCOMPARE(s[QLatin1String("server")][QLatin1String("url")].toString(),
             f.sandbox().authUrl().toString());
    QCOMPARE(s[QLatin1String("access_token")][QLatin1String("expires_at")].toInteger(),
             session.localExpiresAtMs() / 1000);
    QCOMPARE(s[QLatin1String("access_token")][QLatin1String("server_expires_at")].toInteger(),
             session.expiresAt());
    QCOMPARE(s[QLatin1String("last_refresh")][QLatin1String("result")].toString(),
             QStringLiteral("ok"));
    // Never a token in status.
    QVERIFY(!status.out.contains(session.accessToken()));
    QVERIFY(!status.out.contains(session.refreshToken()));

    const AppRun json = app.run({QStringLiteral("session"), QStringLiteral("--json")});
    QVERIFY2(json.exitCode == 0, qPrintable(describe(json)));
    QVERIFY2(validateJson(QStringLiteral("session"), json.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("session"), json.out)));
    QCOMPARE(Session::fromJsonObject(parse(json.out).value(QLatin1String("session")).toObject()),
             session);

    const AppRun token = app.run({QStringLiteral("token"), QStringLiteral("--json")});
    QVERIFY2(token.exitCode == 0, qPrintable(describe(token)));
    QVERIFY2(validateJson(QStringLiteral("token"), token.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("token"), token.out)));
    const QJsonObject t = parse(token.out);
    QCOMPARE(t[QLatin1String("access_token")].toString(), session.accessToken());
    QCOMPARE(t[QLatin1String("user_id")].toString(), session.userId());
    QCOMPARE(t[QLatin1String("token_type")].toString(), QStringLiteral("bearer"));
    const qint64 left = t[QLatin1String("expires_in")].toInteger();
    QVERIFY2(left > 3500 && left <= 3600, qPrintable(QString::number(left)));
    QVERIFY(serverAccepts(f, t[QLatin1String("access_token")].toString()));
}

// --min-ttl refreshes only when less is left, judged on this machine's clock.
void tst_VerbsJson::minTtl()
{
    SandboxFixture f;
    AppRunner app(f);
    m_key = app.storageKey();
    const qint64 tenMinutesAgo = QDateTime::currentMSecsSinceEpoch() - 600'000;
    const Session session = anchored(Session::fromJsonObject(f.signIn()), tenMinutesAgo);
    QVERIFY(storeSession(Service, m_key, session));
    const auto refreshes = [&] {
        return f.requestCount(QStringLiteral("/auth/v1/token"), QStringLiteral("refresh_token"));
    };
    const int before = refreshes();

    // ~50 minutes left: enough for 30 minutes, no request.
    const AppRun enough =
        app.run({QStringLiteral("token"), QStringLiteral("--min-ttl"), QStringLiteral("1800")});
    QVERIFY2(enough.exitCode == 0, qPrintable(describe(enough)));
    QCOMPARE(enough.out.trimmed(), session.accessToken());
    QCOMPARE(refreshes(), before);

    // Not enough for 55 minutes: refreshed first (one request), a token with an hour.
    const AppRun refreshed = app.run({QStringLiteral("token"), QStringLiteral("--min-ttl"),
                                      QStringLiteral("3300"), QStringLiteral("--json")});
    QVERIFY2(refreshed.exitCode == 0, qPrintable(describe(refreshed)));
    QCOMPARE(refreshes(), before + 1);
    const QJsonObject t = parse(refreshed.out);
    QVERIFY(t[QLatin1String("expires_in")].toInteger() >= 3300);
    QVERIFY(serverAccepts(f, t[QLatin1String("access_token")].toString()));

    // The tokens' whole lifetime or more: a clear usage error (2) before any refresh (was:
    // a rotation spent on every call, then 2).
    for (const QString &ttl : {QStringLiteral("3600"), QStringLiteral("7200")}) {
        const AppRun tooMuch = app.run({QStringLiteral("token"), QStringLiteral("--min-ttl"), ttl});
        QCOMPARE(tooMuch.exitCode, 2);
        QVERIFY2(tooMuch.err.contains(QStringLiteral("--min-ttl %1 can never be met").arg(ttl)),
                 qPrintable(tooMuch.err));
        QVERIFY(tooMuch.out.isEmpty());
    }
    const AppRun tooMuchJson = app.run({QStringLiteral("token"), QStringLiteral("--min-ttl"),
                                        QStringLiteral("7200"), QStringLiteral("--json")});
    QCOMPARE(tooMuchJson.exitCode, 2);
    checkFailure(QStringLiteral("token"), tooMuchJson, QStringLiteral("Usage"));
    QCOMPARE(refreshes(), before + 1);
    // The session is kept, whatever the answer.
    QVERIFY(Session::fromJson(rawReadSession(Service, m_key).toUtf8()).isValid());
}

void tst_VerbsJson::usage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("min-ttl not a number")
        << QStringList{QStringLiteral("token"), QStringLiteral("--min-ttl"), QStringLiteral("abc")}
        << QStringLiteral(
               "--min-ttl needs a whole number of seconds from 0 to 86400, not \"abc\".");
    QTest::newRow("min-ttl negative")
        << QStringList{QStringLiteral("token"), QStringLiteral("--min-ttl=-5")}
        << QStringLiteral("not \"-5\"");
    QTest::newRow("min-ttl on status")
        << QStringList{QStringLiteral("status"), QStringLiteral("--min-ttl"), QStringLiteral("5")}
        << QStringLiteral("--min-ttl only applies to token.");
    QTest::newRow("json on sign-out")
        << QStringList{QStringLiteral("sign-out"), QStringLiteral("--json")}
        << QStringLiteral("--json only applies to status, token, session, watch, doctor and "
                          "sign-in --terminal.");
    QTest::newRow("json on the dialog")
        << QStringList{QStringLiteral("sign-in"), QStringLiteral("--window"),
                       QStringLiteral("--json")}
        << QStringLiteral("--json only applies to status, token, session, watch, doctor and "
                          "sign-in --terminal.");
    QTest::newRow("two ways to sign in")
        << QStringList{QStringLiteral("sign-in"), QStringLiteral("--terminal"),
                       QStringLiteral("--browser")}
        << QStringLiteral("Choose one way to sign in: --terminal, --window or --browser.");
    QTest::newRow("terminal on token")
        << QStringList{QStringLiteral("token"), QStringLiteral("--terminal")}
        << QStringLiteral("--terminal, --window and --qr-style only apply to sign-in.");
    QTest::newRow("qr-style unknown")
        << QStringList{QStringLiteral("sign-in"), QStringLiteral("--terminal"),
                       QStringLiteral("--qr-style"), QStringLiteral("sixel")}
        << QStringLiteral("--qr-style is one of half, blocks, ascii, not \"sixel\".");
    QTest::newRow("qr-style with the dialog")
        << QStringList{QStringLiteral("sign-in"), QStringLiteral("--window"),
                       QStringLiteral("--qr-style"), QStringLiteral("half")}
        << QStringLiteral("--qr-style only applies to sign-in --terminal.");
}

void tst_VerbsJson::usage()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    SandboxFixture f;
    AppRunner app(f);
    const AppRun r = app.run(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

// A locked keychain: status --json says where the session could not be read, exit 4.
void tst_VerbsJson::lockedKeychain()
{
    SandboxFixture f;
    AppRunner app(f);
    m_key = app.storageKey();
    QVERIFY(storeSession(Service, m_key, anchored(Session::fromJsonObject(f.signIn()))));
    QVERIFY(lockKeyring());
    auto unlock = qScopeGuard([] { unlockKeyring(); });
    const AppRun r = app.run({QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(validateJson(QStringLiteral("status"), r.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("status"), r.out)));
    const QJsonObject s = parse(r.out);
    QCOMPARE(s[QLatin1String("signed_in")].toBool(true), false);
    QCOMPARE(s[QLatin1String("storage")][QLatin1String("kind")].toString(),
             QStringLiteral("unavailable"));
    QCOMPARE(s[QLatin1String("error")][QLatin1String("kind")].toString(),
             QStringLiteral("KeychainLocked"));
    QCOMPARE(s[QLatin1String("storage")][QLatin1String("locked")].toBool(), true);
    for (const QString &verb : {QStringLiteral("token"), QStringLiteral("session")}) {
        const AppRun failed = app.run({verb, QStringLiteral("--json")});
        QCOMPARE(failed.exitCode, 4);
        checkFailure(verb, failed, QStringLiteral("KeychainLocked"));
    }
}

// A stored expiry millennia away (a corrupted or hostile store): status shows an expired
// token with a real date, --json is schema-valid, and token refreshes it (was: "(in %n
// minute)" and expires_at_time "").
void tst_VerbsJson::absurdStoredExpiry()
{
    SandboxFixture f;
    AppRunner app(f);
    m_key = app.storageKey();
    QJsonObject json = anchored(Session::fromJsonObject(f.signIn())).toJsonObject();
    json.insert(QStringLiteral("local_expires_at_ms"), qint64(1) << 52);
    json.insert(QStringLiteral("expires_at"), qint64(1) << 52);
    QVERIFY(storeSession(Service, m_key, Session::fromJsonObject(json)));

    const AppRun status = app.run({QStringLiteral("status")});
    QVERIFY2(status.exitCode == 0, qPrintable(describe(status)));
    // Counted as expired, so restoring it refreshed it: a real date within the hour.
    const QRegularExpressionMatch in =
        QRegularExpression(
            QStringLiteral("expires: 2\\d{3}-\\d\\d-\\d\\d [\\d:]+ \\(in (\\d+) minutes?\\)"))
            .match(status.out);
    QVERIFY2(in.hasMatch() && in.captured(1).toInt() <= 60, qPrintable(status.out));
    QVERIFY2(!status.out.contains(QLatin1String("%n")), qPrintable(status.out));
    const AppRun json1 = app.run({QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(json1.exitCode == 0, qPrintable(describe(json1)));
    QVERIFY2(validateJson(QStringLiteral("status"), json1.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("status"), json1.out)));
    const AppRun token = app.run({QStringLiteral("token"), QStringLiteral("--json")});
    QVERIFY2(token.exitCode == 0, qPrintable(describe(token)));
    QVERIFY2(validateJson(QStringLiteral("token"), token.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("token"), token.out)));
    const qint64 left = parse(token.out)[QLatin1String("expires_in")].toInteger();
    QVERIFY2(left > 3500 && left <= 3600, qPrintable(token.out));
}

QTEST_GUILESS_MAIN(tst_VerbsJson)
#include "tst_verbsjson.moc"
