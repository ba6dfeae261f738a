// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Interop with the reference client, @supabase/auth-js (tests/interop/authjs.mjs),
// against the real sandbox: the same authorize URL, and sessions that move both ways.

#include "testhttp.h"
#include "testreply.h"

#include <WeChatLogin/authclient.h>

// Qt
#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUrlQuery>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using Era = SandboxOptions::ServerEra;

using ParamList = QList<QPair<QString, QString>>;

namespace {

const QString kRedirect = QStringLiteral("http://127.0.0.1:9/callback");

struct NodeResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

NodeResult authJs(const QStringList &args, const QByteArray &input = {})
{
    QProcess node;
    node.setWorkingDirectory(QStringLiteral(INTEROP_DIR));
    node.start(QStandardPaths::findExecutable(QStringLiteral("node")),
               QStringList{QStringLiteral("authjs.mjs")} + args);
    NodeResult r;
    if (!node.waitForStarted(10000))
        return r;
    node.write(input);
    node.closeWriteChannel();
    // The sandbox lives in this process: keep its event loop turning while node talks to it.
    if (!QTest::qWaitFor([&] { return node.state() == QProcess::NotRunning; }, 60000))
        node.kill();
    r.exitCode = node.exitStatus() == QProcess::NormalExit ? node.exitCode() : -1;
    r.out = node.readAllStandardOutput();
    r.err = node.readAllStandardError();
    return r;
}

QList<QPair<QString, QString>> params(const QUrl &url)
{
    QString raw = url.query(QUrl::FullyEncoded);
    raw.replace(u'+', QLatin1String("%20"));
    return QUrlQuery(raw).queryItems(QUrl::FullyDecoded);
}

} // namespace

class tst_Interop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void authorizeUrlsAgree_data();
    void authorizeUrlsAgree();
    void authJsSessionWorksHere_data();
    void authJsSessionWorksHere();
    void ourSessionWorksInAuthJs_data();
    void ourSessionWorksInAuthJs();
};

void tst_Interop::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
        QFAIL("node is not installed; the README's test command installs it");
    if (!QDir(QStringLiteral(INTEROP_DIR "/node_modules/@supabase/auth-js")).exists())
        QFAIL("@supabase/auth-js is missing: run 'npm ci' in tests/interop (the README's test "
              "command does)");
}

void tst_Interop::authorizeUrlsAgree_data()
{
    QTest::addColumn<QString>("redirect");
    QTest::addColumn<QString>("scopes");
    QTest::addColumn<ParamList>("extra");
    QTest::newRow("plain") << kRedirect << QString() << ParamList();
    QTest::newRow("custom scheme, scopes, extras")
        << QStringLiteral("wechatlogin://callback?x=1&next=%2Fhome%3Fa%3Db")
        << QStringLiteral("snsapi_login openid")
        << ParamList{{QStringLiteral("lang"), QStringLiteral("en")},
                     {QStringLiteral("fast_login"), QStringLiteral("0")},
                     {QStringLiteral("odd"), QStringLiteral("a b&c=d~!*'()中")}};
    QTest::newRow("non-ascii path")
        << QStringLiteral("http://127.0.0.1:8765/登录/回调?from=桌面") << QString() << ParamList();
    QTest::newRow("no redirect") << QString() << QString() << ParamList();
}

void tst_Interop::authorizeUrlsAgree()
{
    QFETCH(QString, redirect);
    QFETCH(QString, scopes);
    QFETCH(ParamList, extra);
    SandboxFixture f;
    AuthConfig config(f.sandbox().authUrl(), f.sandbox().anonKey());
    config.setRedirectUrl(QUrl(redirect));
    config.setScopes(scopes);
    AuthClient client(config);
    const QUrl ours = client.prepareAuthorize(extra).url;

    QStringList args{f.sandbox().authUrl().toString(), f.sandbox().anonKey(), redirect, scopes};
    for (const auto &p : extra)
        args << p.first + u'=' + p.second;
    const NodeResult node = authJs(QStringList{QStringLiteral("authorize-url")} + args);
    QVERIFY2(node.exitCode == 0, node.err.constData());
    const QUrl theirs = QUrl::fromEncoded(node.out.trimmed());

    QCOMPARE(ours.toString(QUrl::RemoveQuery), theirs.toString(QUrl::RemoveQuery));
    auto mine = params(ours);
    auto reference = params(theirs);
    qInfo() << "auth-js:" << theirs.toEncoded();
    qInfo() << "ours:   " << ours.toEncoded();
    QCOMPARE(mine.size(), reference.size());
    for (int i = 0; i < mine.size(); ++i) {
        QCOMPARE(mine[i].first, reference[i].first); // same names, same order
        if (mine[i].first == QLatin1String("code_challenge"))
            QCOMPARE(mine[i].second.size(),
                     reference[i].second.size()); // both fresh S256 challenges
        else
            QCOMPARE(mine[i].second, reference[i].second);
    }
    // and the server accepts both alike
    QCOMPARE(f.http().get(ours).status, 302);
    QCOMPARE(f.http().get(theirs).status, 302);
}

void tst_Interop::authJsSessionWorksHere_data()
{
    QTest::addColumn<Era>("era");
    QTest::newRow("current") << Era::Current;
    QTest::newRow("legacy") << Era::Legacy;
}

void tst_Interop::authJsSessionWorksHere()
{
    QFETCH(Era, era);
    SandboxOptions o;
    o.serverEra = era;
    SandboxFixture f(o);
    const NodeResult node = authJs({QStringLiteral("sign-in"), f.sandbox().authUrl().toString(),
                                    f.sandbox().anonKey(), kRedirect});
    QVERIFY2(node.exitCode == 0, node.err.constData());
    AuthError error;
    const Session session = Session::fromJson(node.out.trimmed(), &error);
    QVERIFY2(session.isValid(), qPrintable(error.toString()));
    QCOMPARE(session.nickname(), QStringLiteral("小微同学"));
    QCOMPARE(session.toJsonObject(),
             QJsonDocument::fromJson(node.out).object()); // nothing lost or added

    AuthClient client(AuthConfig(f.sandbox().authUrl(), f.sandbox().anonKey()));
    AuthReply *refreshed = kept(client.refreshSession(session.refreshToken()));
    QVERIFY(waitForReply(refreshed));
    QVERIFY2(!refreshed->error().isError(), qPrintable(refreshed->error().toString()));
    QCOMPARE(refreshed->session().userId(), session.userId());
    QCOMPARE(refreshed->session().sessionId(), session.sessionId());
}

void tst_Interop::ourSessionWorksInAuthJs_data()
{
    authJsSessionWorksHere_data();
}

void tst_Interop::ourSessionWorksInAuthJs()
{
    QFETCH(Era, era);
    SandboxOptions o;
    o.serverEra = era;
    SandboxFixture f(o);
    AuthConfig config(f.sandbox().authUrl(), f.sandbox().anonKey());
    config.setRedirectUrl(QUrl(kRedirect));
    AuthClient client(config);
    const AuthorizeRequest authorize = client.prepareAuthorize();
    AuthReply *signIn = kept(client.completeSignIn(
        CallbackUrl::parse(f.followSignIn(authorize.url).location(), QUrl(kRedirect)),
        authorize.codeVerifier));
    QVERIFY(waitForReply(signIn));
    const Session ours = signIn->session();
    QVERIFY2(ours.isValid(), qPrintable(signIn->error().toString()));

    const NodeResult node =
        authJs({QStringLiteral("adopt"), f.sandbox().authUrl().toString(), f.sandbox().anonKey()},
               ours.toJson());
    QVERIFY2(node.exitCode == 0, node.err.constData());
    const QJsonObject result = QJsonDocument::fromJson(node.out).object();
    const QJsonObject adopted = result.value(QStringLiteral("adopted")).toObject();
    QCOMPARE(adopted.value(QStringLiteral("access_token")).toString(), ours.accessToken());
    QCOMPARE(
        adopted.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString(),
        ours.userId());
    const Session refreshed =
        Session::fromJsonObject(result.value(QStringLiteral("refreshed")).toObject());
    QVERIFY(refreshed.isValid());
    QVERIFY(refreshed.refreshToken() != ours.refreshToken());
    QCOMPARE(refreshed.sessionId(), ours.sessionId());
    // auth-js's rotation is the one the server now knows
    AuthReply *user = kept(client.fetchUser(refreshed.accessToken()));
    QVERIFY(waitForReply(user));
    QVERIFY2(!user->error().isError(), qPrintable(user->error().toString()));
}

QTEST_GUILESS_MAIN(tst_Interop)
#include "tst_interop.moc"
