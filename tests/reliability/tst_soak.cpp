// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The soak: a long-running app (session-helper watch, the SessionManager the window uses)
// and two loops of `wechat-login token` share one session of 6 s tokens while the server
// misbehaves at random (503s, dropped connections, answers lost after the server committed,
// 429 with Retry-After, slow answers), the keyring daemon is killed and started again under
// them, and their wall clock steps 2 h forward and back (faketime, a file they all read).
// Nobody may be signed out, and every token printed must be one the server accepts. SOAK_SECONDS
// sets the length (the test command runs 60 s; `cmake --build build-ci --target soak` runs 600).

#include "reliability.h"
#include "testkeychain.h"
#include "testreply.h"

// Qt
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTemporaryFile>
#include <QTimer>

#include <cstdio>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

class tst_Soak : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void soak();
    void cleanup();

private:
    QString m_key;
};

void tst_Soak::cleanup()
{
    if (!m_key.isEmpty())
        rawDeleteAll(QLatin1String(AppRunner::Service), m_key);
}

void tst_Soak::soak()
{
    const int seconds = qEnvironmentVariableIsSet("SOAK_SECONDS")
                            ? qEnvironmentVariableIntValue("SOAK_SECONDS")
                            : 60;
    SandboxOptions o;
    o.jwtExpMs = 6000;
    SandboxFixture f(o);
    AppRunner app(f);
    m_key = app.storageKey();
    QVERIFY(storeSession(QLatin1String(AppRunner::Service), m_key,
                         anchored(Session::fromJsonObject(f.signIn()))));
    if (libfaketime().isEmpty())
        QFAIL("libfaketime is missing: install faketime (the README's test command does)");
    // The clock of every process of the app: "+0", "+2h" or "-2h", moved while they run.
    QTemporaryFile clockFile;
    QVERIFY(clockFile.open());
    const auto setClock = [&clockFile](const QByteArray &offset) {
        clockFile.resize(0);
        clockFile.write(offset + '\n');
        clockFile.flush();
    };
    setClock("+0");
    const QProcessEnvironment env = fakedClock(clockFile.fileName(), true);
    QProcess watcher;
    watcher.setProcessEnvironment(env);
    watcher.start(QStringLiteral(SESSION_HELPER),
                  {QStringLiteral("watch"), f.sandbox().authUrl().toString(), f.sandbox().anonKey(),
                   QLatin1String(AppRunner::Service), m_key, QString::number(seconds + 3)});
    auto end = qScopeGuard([&] {
        watcher.kill();
        watcher.waitForFinished();
    });

    // Two loops of token calls, each started as the previous one ends.
    struct Loop
    {
        QProcess process;
        qint64 startedMs = 0;
    };
    Loop loops[2];
    int calls = 0, printed = 0, rejected = 0, offline = 0, keychain = 0, wrong = 0;
    // While a keyring daemon starts, before it has loaded and unlocked the keyring, it
    // answers "no such item": a token call that runs across a restart may say "not signed
    // in" (exit 1) for that moment (the README's known limit). Counted apart, and only
    // then: an exit 1 at any other time fails the soak.
    QList<QPair<qint64, qint64>> restarts; // wall-clock ms, start and end of each restart
    int absentDuringRestart = 0;
    const auto acrossARestart = [&restarts](qint64 fromMs, qint64 toMs) {
        for (const auto &r : std::as_const(restarts)) {
            if (fromMs <= r.second + 1000 && toMs >= r.first)
                return true;
        }
        return false;
    };
    QStringList problems;
    QElapsedTimer clock;
    clock.start();
    auto startCall = [&](Loop &loop) {
        loop.startedMs = QDateTime::currentMSecsSinceEpoch();
        app.start(loop.process,
                  {QStringLiteral("token"), QStringLiteral("--timeout"), QStringLiteral("20")},
                  env);
    };
    for (Loop &loop : loops) {
        QObject::connect(&loop.process, &QProcess::finished, &loop.process, [&, l = &loop] {
            ++calls;
            const QString out = QString::fromUtf8(l->process.readAllStandardOutput()).trimmed();
            const QString err = QString::fromUtf8(l->process.readAllStandardError());
            const int code =
                l->process.exitStatus() == QProcess::NormalExit ? l->process.exitCode() : -2;
            if (code == 0) {
                ++printed;
                if (!serverAccepts(f, out)) {
                    ++rejected;
                    problems << QStringLiteral("a printed token was refused");
                }
            } else if (code == 3) {
                ++offline; // the server failed at that moment: allowed, the session kept
            } else if (code == 1
                       && acrossARestart(l->startedMs, QDateTime::currentMSecsSinceEpoch())
                       && err.contains(QLatin1String("Not signed in."))) {
                ++absentDuringRestart;
            } else if (code == 4) {
                ++keychain; // the keyring was restarting, or another process's rotation was
                            // not stored yet: allowed, the session kept
            } else {
                ++wrong;
                problems << QStringLiteral("exit %1: %2").arg(code).arg(err);
            }
            if (clock.elapsed() < seconds * 1000)
                startCall(*l);
        });
        startCall(loop);
    }

    // The server misbehaves at random, about every 1-3 s.
    QMap<QString, int> injected;
    QTimer faults;
    faults.setSingleShot(true);
    QObject::connect(&faults, &QTimer::timeout, [&] {
        static const QList<QPair<QString, QByteArray>> kinds{
            {QStringLiteral("503"), R"({"path":"/auth/v1/token","status":503,"count":2})"},
            {QStringLiteral("drop"), R"({"path":"/auth/v1/token","drop":true})"},
            {QStringLiteral("drop_after"), R"({"path":"/auth/v1/token","drop_after":true})"},
            {QStringLiteral("429"), R"({"path":"/auth/v1/token","status":429,"retry_after":1})"},
            {QStringLiteral("delay"), R"({"path":"/auth/v1/token","delay_ms":2500})"},
        };
        // Two more kinds of fault, not the server's: the keyring daemon restarted, and the
        // wall clock of every app process stepped (forward, back, and home again).
        static const QByteArray steps[] = {"+2h", "+0", "-2h", "+0"};
        static int step = 0;
        const int pick = int(QRandomGenerator::global()->bounded(kinds.size() + 2));
        if (pick == kinds.size()) {
            QString why;
            restarts.append({QDateTime::currentMSecsSinceEpoch(), 0});
            const bool restarted = restartKeyring(&why);
            restarts.last().second = QDateTime::currentMSecsSinceEpoch();
            if (restarted)
                ++injected[QStringLiteral("keyring restart")];
            else
                problems << QStringLiteral("the keyring could not be restarted: ") + why;
        } else if (pick == kinds.size() + 1) {
            setClock(steps[step++ % 4]);
            ++injected[QStringLiteral("clock step")];
        } else if (injectFault(f, kinds.at(pick).second)) {
            ++injected[kinds.at(pick).first];
        }
        if (clock.elapsed() < seconds * 1000)
            faults.start(1000 + int(QRandomGenerator::global()->bounded(2000)));
    });
    faults.start(1000);

    QVERIFY(QTest::qWaitFor(
        [&] {
            return clock.elapsed() > seconds * 1000
                   && loops[0].process.state() == QProcess::NotRunning
                   && loops[1].process.state() == QProcess::NotRunning;
        },
        (seconds + 60) * 1000));
    QVERIFY(QTest::qWaitFor([&] { return watcher.state() == QProcess::NotRunning; }, 30000));
    const QString log = QString::fromUtf8(watcher.readAllStandardOutput());
    const int signedOut = int(log.count(QLatin1String("signedout")));
    int faultsTotal = 0;
    QStringList faultList;
    for (auto it = injected.cbegin(); it != injected.cend(); ++it) {
        faultsTotal += it.value();
        faultList << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    }
    std::printf("soak %d s: %d refresh requests (%d rotations seen by the long-running app), "
                "%d faults injected (%s), %d token calls: %d tokens printed, %d refused by the "
                "server, %d offline (exit 3), %d keychain (exit 4), %d \"not signed in\" "
                "across a keyring restart, %d other exits; sign-outs: %d\n",
                seconds, refreshRequests(f), int(log.count(QLatin1String("refreshed "))),
                faultsTotal, qPrintable(faultList.join(QStringLiteral(", "))), calls, printed,
                rejected, offline, keychain, absentDuringRestart, wrong, signedOut);
    QStringList distinct = problems;
    distinct.removeDuplicates();
    for (const QString &problem : distinct.mid(0, 5))
        std::printf("  %s\n", qPrintable(problem.trimmed()));
    std::fflush(stdout);
    QVERIFY2(signedOut == 0, qPrintable(log));
    QVERIFY2(log.contains(QLatin1String(" SignedIn ")), qPrintable(log));
    QVERIFY2(rejected == 0 && wrong == 0, qPrintable(problems.join(u'\n')));
    QVERIFY(printed > 0);
}

QTEST_GUILESS_MAIN(tst_Soak)
#include "tst_soak.moc"
