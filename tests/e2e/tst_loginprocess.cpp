// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// LoginProcess, end to end: this test links WeChatLogin::Auth (no QtWidgets, no
// QtWebEngine) and signs in through the real wechat-login-dialog, in a real offscreen web
// engine, against the sandbox over loopback, storing into the real keychain. The host
// never maps QtWebEngine; nothing of the child outlives a sign-in (this test is a
// subreaper, so orphans would stay visible); a pre-started child shows the very QR it
// loaded; the child follows the host's language; a child that dies costs no session.

#include "testhttp.h"
#include "testkeychain.h"
#include "testprocmem.h"
#include <WeChatLogin/loginprocess.h>
#include <WeChatLogin/sessionmanager.h>
#include <WeChatLogin/translations.h>

// Qt
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>
#include <sys/prctl.h>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

const QString Service = QStringLiteral("wechatlogin-tst-loginprocess");
constexpr int StartMs = 30000; // a cold QtWebEngine on a loaded 2-core machine

bool mapsLibrary(const QByteArray &name)
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    return maps.open(QIODevice::ReadOnly) && maps.readAll().contains(name);
}

// The dialog's process among this one's children.
QString dialogPid()
{
    return descendantRunning("/wechat-login-dialog");
}

} // namespace

class tst_LoginProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void signsInWithoutMappingWebEngine();
    void prestartedChildShowsTheQrItLoaded();
    void cancelEndsThePrestartedChild();
    void prestartedChildRestsWhenItsQrExpiresUnseen();
    void prestartedChildFollowsANewConfig();
    void spareStartsNoFlowUntilPrestarted();
    void spareOpensInTheSameProcess();
    void spareIsASpareAgainWhenItsQrExpiresUnseen();
    void discardEndsAPrestartedChildSilently();
    void childFollowsTheHostLanguage();
    void childThatDiesCostsNoSession();
    void missingProgramSaysSo();
    void lyingChildIsRefused_data();
    void lyingChildIsRefused();
    void programFoundOnPathIsRefused();
    void dialogProgramByHand();

private:
    std::unique_ptr<SandboxFixture> m_fixture;
    QStringList m_before;
};

void tst_LoginProcess::initTestCase()
{
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    QVERIFY2(!LoginProcess::defaultProgram().isEmpty(), "wechat-login-dialog is not built");
    QVERIFY(QFile::exists(QStringLiteral(DIALOG_PATH)));
    QCOMPARE(QFileInfo(LoginProcess::defaultProgram()).canonicalFilePath(),
             QFileInfo(QStringLiteral(DIALOG_PATH)).canonicalFilePath());
    loadTranslations(QLocale(QLocale::English));
}

void tst_LoginProcess::init()
{
    m_fixture = std::make_unique<SandboxFixture>();
    rawDeleteAll(Service, sandboxLoginConfig(m_fixture->sandbox()).storageKey());
    m_before = descendantPids();
}

void tst_LoginProcess::cleanup()
{
    // Whatever a test started has ended: no dialog, no Chromium process.
    QTRY_COMPARE_WITH_TIMEOUT(descendantPids(), m_before, 15000);
    rawDeleteAll(Service, sandboxLoginConfig(m_fixture->sandbox()).storageKey());
    m_fixture.reset();
}

void tst_LoginProcess::signsInWithoutMappingWebEngine()
{
    const AuthConfig config = sandboxLoginConfig(m_fixture->sandbox());
    SessionManager manager(config, Service);
    LoginProcess login(config);
    login.setSessionManager(&manager);
    QSignalSpy shown(&login, &LoginProcess::qrShown);
    QSignalSpy finished(&login, &LoginProcess::finished);
    QSignalSpy signedIn(&login, &LoginProcess::signedIn);
    login.open();
    QCOMPARE(login.state(), LoginProcess::State::Open);
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, StartMs);
    QVERIFY(m_fixture->sandbox().confirmQr(m_fixture->sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, StartMs);
    const Session session = finished.at(0).at(0).value<Session>();
    QVERIFY(session.isValid());
    QCOMPARE(signedIn.size(), 1);
    // Stored through the SessionManager, into the keychain.
    QCOMPARE(manager.state(), SessionManager::State::SignedIn);
    QCOMPARE(manager.session().accessToken(), session.accessToken());
    QTRY_VERIFY(!rawReadSession(Service, config.storageKey()).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), LoginProcess::State::Idle, 10000);
    // The host never had Chromium, nor any widget.
    QVERIFY2(!mapsWebEngine(), "the host mapped QtWebEngine");
    QVERIFY2(!mapsLibrary("libQt6Widgets"), "the host mapped QtWidgets");
}

void tst_LoginProcess::prestartedChildShowsTheQrItLoaded()
{
    const AuthConfig config = sandboxLoginConfig(m_fixture->sandbox());
    LoginProcess login(config);
    QSignalSpy ready(&login, &LoginProcess::ready);
    QSignalSpy shown(&login, &LoginProcess::qrShown);
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.prestart();
    QCOMPARE(login.state(), LoginProcess::State::Prestarted);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    QVERIFY(shown.isEmpty()); // loaded, not shown
    const QString uuid = m_fixture->sandbox().latestQrUuid();
    QVERIFY(!uuid.isEmpty());
    login.prestart(); // one child at a time
    login.open();
    QCOMPARE(login.state(), LoginProcess::State::Open);
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, StartMs);
    // The same flow: no second /authorize, no second QR.
    QCOMPARE(m_fixture->sandbox().latestQrUuid(), uuid);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 1);
    QVERIFY(m_fixture->sandbox().confirmQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, StartMs);
    QVERIFY(finished.at(0).at(0).value<Session>().isValid());
}

void tst_LoginProcess::cancelEndsThePrestartedChild()
{
    LoginProcess login(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy ready(&login, &LoginProcess::ready);
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.prestart();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    login.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(finished.at(0).at(1).value<AuthError>().kind(), AuthError::Kind::Cancelled);
    QTRY_COMPARE(login.state(), LoginProcess::State::Idle);
    QVERIFY(!login.isRunning());
    // And a dialog opened later is a new child, with a new flow.
    QSignalSpy shown(&login, &LoginProcess::qrShown);
    login.open();
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, StartMs);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 2);
    login.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);

    // Pre-started and opened while the child before is still on its way out (it has
    // answered, or its input is closed): a new child each time, whose dialog shows.
    login.prestart();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, StartMs);
    login.cancel();
    login.open();
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, StartMs);
    QCOMPARE(login.state(), LoginProcess::State::Open);
    login.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 10000);
}

// A pre-started child nobody looks at renews its QR up to LoginWidget's renewal limit (3),
// then ends by itself: no flows overnight, Chromium's memory freed. Silent: nobody asked.
void tst_LoginProcess::prestartedChildRestsWhenItsQrExpiresUnseen()
{
    SandboxOptions options;
    options.qrTtlMs = 1500;
    m_fixture = std::make_unique<SandboxFixture>(options);
    LoginProcess login(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy ready(&login, &LoginProcess::ready);
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.prestart();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), LoginProcess::State::Idle, StartMs);
    QVERIFY(finished.isEmpty());
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 4); // 1 + 3
    QTRY_COMPARE_WITH_TIMEOUT(descendantPids(), m_before, 15000);
    // Asked for later, a new child shows a fresh QR.
    QSignalSpy shown(&login, &LoginProcess::qrShown);
    login.open();
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, StartMs);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 5);
    login.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
}

// Another project (here, another redirect URL) while a child waits pre-started: it is
// replaced by one for the new config, silently.
void tst_LoginProcess::prestartedChildFollowsANewConfig()
{
    AuthConfig config = sandboxLoginConfig(m_fixture->sandbox());
    LoginProcess login(config);
    QSignalSpy ready(&login, &LoginProcess::ready);
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.prestart();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    login.setConfig(config); // the same: nothing happens
    config.setRedirectUrl(
        m_fixture->sandbox().authUrl().resolved(QUrl(QStringLiteral("/other/callback"))));
    login.setConfig(config);
    QCOMPARE(login.state(), LoginProcess::State::Prestarted);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, StartMs);
    QVERIFY(finished.isEmpty());
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 2);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize"),
                                     QStringLiteral("other%2Fcallback")),
             1);
    login.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
}

// A spare holds a warm web engine and nothing else: the server hears of it only when it is
// pre-started; a discarded flow leaves a spare that renews nothing, and a new intent gets a
// new flow in the same process.
void tst_LoginProcess::spareStartsNoFlowUntilPrestarted()
{
    SandboxOptions options;
    options.qrTtlMs = 1500; // a hidden flow would be renewed within seconds
    m_fixture = std::make_unique<SandboxFixture>(options);
    LoginProcess login(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy spare(&login, &LoginProcess::spareReady);
    QSignalSpy ready(&login, &LoginProcess::ready);
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.startSpare();
    QCOMPARE(login.state(), LoginProcess::State::Spare);
    QTRY_COMPARE_WITH_TIMEOUT(spare.size(), 1, StartMs);
    const QString pid = dialogPid();
    QVERIFY(!pid.isEmpty());
    login.startSpare(); // one child at a time
    QCOMPARE(dialogPid(), pid);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 0);

    login.prestart();
    QCOMPARE(login.state(), LoginProcess::State::Prestarted);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 1);
    QCOMPARE(dialogPid(), pid);

    login.discardPrestart();
    QCOMPARE(login.state(), LoginProcess::State::Spare);
    // Well past the QR's life: nothing renewed, the child waits.
    QSignalSpy spareAgain(&login, &LoginProcess::spareReady);
    QTRY_COMPARE_WITH_TIMEOUT(spareAgain.size(), 1, StartMs);
    QTest::qWait(4000);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 1);
    QCOMPARE(dialogPid(), pid);
    QCOMPARE(login.state(), LoginProcess::State::Spare);

    login.prestart(); // a new intent: a new flow, the same process
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, StartMs);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 2);
    QCOMPARE(dialogPid(), pid);
    QVERIFY(finished.isEmpty());
    login.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(finished.at(0).at(1).value<AuthError>().kind(), AuthError::Kind::Cancelled);
}

// open() on a spare shows its dialog: no new process, one flow, and it signs in.
void tst_LoginProcess::spareOpensInTheSameProcess()
{
    const AuthConfig config = sandboxLoginConfig(m_fixture->sandbox());
    SessionManager manager(config, Service);
    LoginProcess login(config);
    login.setSessionManager(&manager);
    QSignalSpy spare(&login, &LoginProcess::spareReady);
    QSignalSpy shown(&login, &LoginProcess::qrShown);
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.startSpare();
    QTRY_COMPARE_WITH_TIMEOUT(spare.size(), 1, StartMs);
    const QString pid = dialogPid();
    login.open();
    QCOMPARE(login.state(), LoginProcess::State::Open);
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, StartMs);
    QCOMPARE(dialogPid(), pid);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 1);
    QVERIFY(m_fixture->sandbox().confirmQr(m_fixture->sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, StartMs);
    QVERIFY(finished.at(0).at(0).value<Session>().isValid());
    QCOMPARE(manager.state(), SessionManager::State::SignedIn);
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), LoginProcess::State::Idle, 10000);
}

// A spare's QR expired unseen (its renewals used up): the child drops the flow itself and
// is a spare again; silent, and ready for the next intent.
void tst_LoginProcess::spareIsASpareAgainWhenItsQrExpiresUnseen()
{
    SandboxOptions options;
    options.qrTtlMs = 1500;
    m_fixture = std::make_unique<SandboxFixture>(options);
    LoginProcess login(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy spare(&login, &LoginProcess::spareReady);
    QSignalSpy ready(&login, &LoginProcess::ready);
    QSignalSpy states(&login, &LoginProcess::stateChanged);
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.startSpare();
    QTRY_COMPARE_WITH_TIMEOUT(spare.size(), 1, StartMs);
    const QString pid = dialogPid();
    login.prestart();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), LoginProcess::State::Spare, StartMs);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 4); // 1 + 3
    QCOMPARE(dialogPid(), pid);
    QVERIFY(finished.isEmpty());
    login.prestart();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, StartMs);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 5);
    login.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
}

// A child pre-started without a spare has nothing to fall back to: dropping its flow ends
// it, and nobody is told (nobody asked for it).
void tst_LoginProcess::discardEndsAPrestartedChildSilently()
{
    LoginProcess login(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy ready(&login, &LoginProcess::ready);
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.prestart();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    login.discardPrestart();
    QCOMPARE(login.state(), LoginProcess::State::Idle);
    QTRY_VERIFY_WITH_TIMEOUT(!login.isRunning(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(descendantPids(), m_before, 15000);
    QVERIFY(finished.isEmpty());
    login.discardPrestart(); // nothing to drop
    QCOMPARE(login.state(), LoginProcess::State::Idle);
}

void tst_LoginProcess::childFollowsTheHostLanguage()
{
    loadTranslations(QLocale(QLocale::Chinese, QLocale::China));
    LoginProcess login(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy shown(&login, &LoginProcess::qrShown);
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.open();
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, StartMs);
    const QString qrconnect = QStringLiteral("/connect/qrconnect");
    QCOMPARE(m_fixture->requestCount(qrconnect, QStringLiteral("lang=cn")), 1);
    // The host switches language while the dialog is open: the child's page follows, in
    // place (the same flow: no new /authorize).
    loadTranslations(QLocale(QLocale::English));
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->requestCount(qrconnect, QStringLiteral("lang=en")), 1,
                              StartMs);
    QCOMPARE(m_fixture->requestCount(QStringLiteral("/auth/v1/authorize")), 1);
    // A language set by hand wins over the installed one.
    login.setLanguage(QStringLiteral("zh_CN"));
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->requestCount(qrconnect, QStringLiteral("lang=cn")), 2,
                              StartMs);
    login.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
}

void tst_LoginProcess::childThatDiesCostsNoSession()
{
    const AuthConfig config = sandboxLoginConfig(m_fixture->sandbox());
    SessionManager manager(config, Service);
    QSignalSpy stored(&manager, &SessionManager::sessionChanged);
    manager.setSession(Session::fromJson(QJsonDocument(m_fixture->signIn()).toJson()));
    QTRY_VERIFY(!rawReadSession(Service, config.storageKey()).isEmpty());
    const QString before = rawReadSession(Service, config.storageKey());

    LoginProcess login(config);
    login.setSessionManager(&manager);
    QSignalSpy shown(&login, &LoginProcess::qrShown);
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.open();
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, StartMs);
    const QString pid = dialogPid();
    QVERIFY(!pid.isEmpty());
    QCOMPARE(::kill(pid.toInt(), SIGKILL), 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    const AuthError error = finished.at(0).at(1).value<AuthError>();
    QCOMPARE(error.kind(), AuthError::Kind::ProviderError);
    QVERIFY2(error.message().contains(QLatin1String("stopped unexpectedly")),
             qPrintable(error.message()));
    QCOMPARE(login.state(), LoginProcess::State::Idle);
    // The session that was there stays, in memory and in the keychain.
    QCOMPARE(manager.state(), SessionManager::State::SignedIn);
    QCOMPARE(rawReadSession(Service, config.storageKey()), before);
    // Chromium's processes of the killed child end with it (cleanup() checks).
}

void tst_LoginProcess::missingProgramSaysSo()
{
    LoginProcess login(sandboxLoginConfig(m_fixture->sandbox()));
    login.setProgram(QStringLiteral("/nonexistent/wechat-login-dialog"));
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.prestart(); // nobody asked yet: nothing said
    QTRY_COMPARE(login.state(), LoginProcess::State::Idle);
    QVERIFY(finished.isEmpty());
    login.open();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    const AuthError error = finished.at(0).at(1).value<AuthError>();
    QCOMPARE(error.kind(), AuthError::Kind::ConfigError);
    QVERIFY2(error.message().contains(QLatin1String("could not be started")),
             qPrintable(error.message()));
    QCOMPARE(login.state(), LoginProcess::State::Idle);

    // The environment does not choose the child (it receives the proxy's credentials).
    const QString installed = LoginProcess::defaultProgram();
    qputenv("WECHATLOGIN_DIALOG_PROGRAM", "/opt/elsewhere/wechat-login-dialog");
    QCOMPARE(LoginProcess::defaultProgram(), installed);
    qunsetenv("WECHATLOGIN_DIALOG_PROGRAM");
}

namespace {

QByteArray base64Url(const QJsonObject &o)
{
    return QJsonDocument(o)
        .toJson(QJsonDocument::Compact)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// The sandbox's session with its access token rebuilt from this header and these claims.
QJsonObject forged(QJsonObject session, const QJsonObject &header,
                   const std::function<void(QJsonObject &)> &change)
{
    const QStringList parts = session.value(QStringLiteral("access_token")).toString().split(u'.');
    QJsonObject claims =
        QJsonDocument::fromJson(
            QByteArray::fromBase64(parts.value(1).toLatin1(), QByteArray::Base64UrlEncoding))
            .object();
    change(claims);
    session.insert(QStringLiteral("access_token"),
                   QString::fromLatin1(base64Url(header) + '.' + base64Url(claims) + '.'
                                       + parts.value(2).toLatin1()));
    return session;
}

} // namespace

// A dialog program that lies: it answers at once with a session that is not the project's,
// an error that is none, or an endless line. The host refuses it, stores nothing, and says
// why (was: an alg:none token from another issuer was stored).
void tst_LoginProcess::lyingChildIsRefused_data()
{
    QTest::addColumn<QString>("lie"); // what the child answers instead of the truth
    QTest::addColumn<QString>("why"); // in the error's message; empty: accepted
    QTest::newRow("the project's session (control)") << QString() << QString();
    QTest::newRow("alg none") << QStringLiteral("alg none") << QStringLiteral("not signed");
    QTest::newRow("another issuer")
        << QStringLiteral("issuer") << QStringLiteral("issued by https://evil.example/auth/v1");
    QTest::newRow("another user") << QStringLiteral("user") << QStringLiteral("another user");
    QTest::newRow("no audience") << QStringLiteral("audience") << QStringLiteral("no audience");
    QTest::newRow("not a JWT") << QStringLiteral("opaque") << QStringLiteral("not a signed JWT");
    QTest::newRow("an error that is none")
        << QStringLiteral("no error") << QStringLiteral("neither a session nor an error");
    QTest::newRow("an endless line")
        << QStringLiteral("endless") << QStringLiteral("longer than 1024 KiB");
}

void tst_LoginProcess::lyingChildIsRefused()
{
    QFETCH(QString, lie);
    QFETCH(QString, why);
    QJsonObject session = m_fixture->signIn();
    const QJsonObject hs256{{QStringLiteral("alg"), QStringLiteral("HS256")},
                            {QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (lie == QLatin1String("alg none")) {
        session = forged(session,
                         {{QStringLiteral("alg"), QStringLiteral("none")},
                          {QStringLiteral("typ"), QStringLiteral("JWT")}},
                         [](QJsonObject &) {});
    } else if (lie == QLatin1String("issuer")) {
        session = forged(session, hs256, [](QJsonObject &c) {
            c.insert(QStringLiteral("iss"), QStringLiteral("https://evil.example/auth/v1"));
        });
    } else if (lie == QLatin1String("user")) {
        session = forged(session, hs256, [](QJsonObject &c) {
            c.insert(QStringLiteral("sub"), QStringLiteral("someone-else"));
        });
    } else if (lie == QLatin1String("audience")) {
        session = forged(session, hs256, [](QJsonObject &c) { c.remove(QStringLiteral("aud")); });
    } else if (lie == QLatin1String("opaque")) {
        session.insert(QStringLiteral("access_token"), QStringLiteral("opaque"));
    }
    QJsonObject message{{QStringLiteral("schema"), 1}, {QStringLiteral("session"), session}};
    if (lie == QLatin1String("no error")) {
        message = {{QStringLiteral("schema"), 1},
                   {QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("kind"), QStringLiteral("NoError")},
                                {QStringLiteral("message"), QStringLiteral("fine")}}}};
    }
    QTemporaryDir dir;
    QFile answer(dir.filePath(QStringLiteral("answer")));
    QVERIFY(answer.open(QIODevice::WriteOnly));
    answer.write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    answer.close();
    // It reads its request, answers, and (the endless one) never stops by itself.
    QFile script(dir.filePath(QStringLiteral("lying-dialog")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(lie == QLatin1String("endless")
                     ? "#!/bin/sh\nhead -n 1 >/dev/null\n"
                       "head -c 3145728 /dev/zero | tr '\\0' x\nexec sleep 60\n"
                     : "#!/bin/sh\nhead -n 1 >/dev/null\ncat \"$(dirname \"$0\")/answer\"\n");
    script.close();
    QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    const AuthConfig config = sandboxLoginConfig(m_fixture->sandbox());
    SessionManager manager(config, Service);
    LoginProcess login(config);
    login.setSessionManager(&manager);
    login.setProgram(script.fileName());
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.open();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    const Session received = finished.at(0).at(0).value<Session>();
    const AuthError error = finished.at(0).at(1).value<AuthError>();
    if (why.isEmpty()) {
        QVERIFY2(received.isValid(), qPrintable(error.message()));
        QTRY_VERIFY(!rawReadSession(Service, config.storageKey()).isEmpty());
    } else {
        QVERIFY(!received.isValid());
        QCOMPARE(error.kind(), AuthError::Kind::InvalidResponse);
        QVERIFY2(error.message().contains(why), qPrintable(error.message()));
        QVERIFY(!manager.session().isValid()); // nothing was handed to the manager
        QCOMPARE(rawReadSession(Service, config.storageKey()), QString());
    }
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), LoginProcess::State::Idle, 15000);
}

// A program name without a path would be searched on PATH: refused, said.
void tst_LoginProcess::programFoundOnPathIsRefused()
{
    LoginProcess login(sandboxLoginConfig(m_fixture->sandbox()));
    login.setProgram(QStringLiteral("wechat-login-dialog"));
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.open();
    QTRY_COMPARE(finished.size(), 1);
    const AuthError error = finished.at(0).at(1).value<AuthError>();
    QCOMPARE(error.kind(), AuthError::Kind::ConfigError);
    QVERIFY2(error.message().contains(QLatin1String("absolute path")), qPrintable(error.message()));
}

void tst_LoginProcess::dialogProgramByHand()
{
    // Not started by a LoginProcess (a terminal, or nothing on its input): it says so, 2.
    QProcess dialog;
    dialog.setStandardInputFile(QProcess::nullDevice());
    dialog.start(QStringLiteral(DIALOG_PATH), {});
    QVERIFY(dialog.waitForFinished(StartMs));
    QCOMPARE(dialog.exitCode(), 2);
    QVERIFY2(dialog.readAllStandardError().contains("not by hand"),
             "wechat-login-dialog did not say why it stopped");
    QVERIFY(dialog.readAllStandardOutput().isEmpty());
}

QTEST_GUILESS_MAIN(tst_LoginProcess)
#include "tst_loginprocess.moc"
