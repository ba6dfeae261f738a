// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// How long `wechat-login token` takes with a valid stored session, whole process, next
// to `secret-tool lookup` of one keychain entry (the floor: a process, a D-Bus
// connection, one Secret Service read). Prints numbers; it checks only that it measured
// the right thing: every run printed the stored access token (no refresh, no request to
// the server) and every lookup printed the stored entry.
//
// With WECHATLOGIN_BENCH_PHASES=1 it also runs one `token` with the app's phase log on
// (wechatlogin.app.debug) and prints where the time goes.

#include "testhttp.h"
#include "testkeychain.h"
#include "testreply.h"
#include "testwait.h"
#include <WeChatLogin/sessionstore.h>

// Qt
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

struct Run
{
    double ms = 0;
    int exitCode = -1;
    QByteArray out, err;
};

// Starts a process and waits for it with the event loop running (the sandbox lives in
// this process); the time is from start() to the finished signal.
Run timed(const QString &program, const QStringList &args, const QProcessEnvironment &env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    bool done = false;
    QElapsedTimer timer;
    QObject::connect(&process, &QProcess::finished, [&] { done = true; });
    timer.start();
    process.start(program, args);
    if (!waitWithoutSleeping([&] { return done; }, 60000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    Run r;
    r.ms = timer.nsecsElapsed() / 1e6;
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    r.out = process.readAllStandardOutput().trimmed();
    r.err = process.readAllStandardError();
    return r;
}

struct Stats
{
    double min = 0, median = 0, max = 0;
};

Stats stats(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return {v.first(), (v.at((v.size() - 1) / 2) + v.at(v.size() / 2)) / 2, v.last()};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int Runs = qEnvironmentVariableIntValue("BENCH_RUNS") > 0
                         ? qEnvironmentVariableIntValue("BENCH_RUNS")
                         : 10;
    const QString service = QStringLiteral("wechat-login"); // the app's keychain service

    SandboxFixture f;
    const AuthConfig config(f.sandbox().authUrl(), f.sandbox().anonKey());
    const QString key = config.storageKey();
    Session session = Session::fromJsonObject(f.signIn());
    session.setReceivedAt(QDateTime::currentMSecsSinceEpoch()); // as the app stores it
    {
        SessionStore store(service);
        AuthReply *write = kept(store.write(key, session));
        if (!waitWithoutSleeping([&] { return write->isFinished(); }) || write->error().isError()) {
            std::printf("FAILED: the session could not be stored\n");
            return 1;
        }
        delete write;
    }

    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    const QStringList tokenArgs{QStringLiteral("--url"), f.sandbox().authUrl().toString(),
                                QStringLiteral("--anon-key"), f.sandbox().anonKey(),
                                QStringLiteral("token")};
    // qtkeychain's libsecret schema: the entry's name is "user", the service "server".
    const QStringList lookupArgs{QStringLiteral("lookup"), QStringLiteral("user"), key,
                                 QStringLiteral("server"), service};
    const QString secretTool = QStringLiteral("secret-tool");

    // Requests to the servers themselves (the control API's own calls do not count).
    const auto serverRequests = [&f] {
        int n = 0;
        for (const QJsonValue &r : f.requestLog())
            n += !r.toObject()
                      .value(QStringLiteral("path"))
                      .toString()
                      .startsWith(QLatin1String("/sandbox/"));
        return n;
    };
    const int requestsBefore = serverRequests();
    int failures = 0;
    QList<double> tokenMs, lookupMs;
    for (int i = -2; i < Runs; ++i) { // two warm-up rounds, then alternating
        const Run t = timed(QStringLiteral(APP_PATH), tokenArgs, env);
        const Run s = timed(secretTool, lookupArgs, env);
        if (t.exitCode != 0 || t.out != session.accessToken().toUtf8()) {
            std::printf("FAILED: token printed something else (exit %d): %s\n", t.exitCode,
                        t.err.constData());
            ++failures;
        }
        if (s.exitCode != 0 || s.out.isEmpty()) {
            std::printf("FAILED: secret-tool lookup found nothing (exit %d): %s\n", s.exitCode,
                        s.err.constData());
            ++failures;
        }
        if (i >= 0) {
            tokenMs << t.ms;
            lookupMs << s.ms;
        }
    }
    const int requests = serverRequests() - requestsBefore;
    if (requests != 0) {
        std::printf("FAILED: %d requests reached the server; a valid token needs none\n", requests);
        ++failures;
    }

    const Stats t = stats(tokenMs);
    const Stats s = stats(lookupMs);
    std::printf("wechat-login token, valid stored session (%d runs each, whole process, "
                "alternating)\n",
                Runs);
    std::printf("  wechat-login token          median %7.1f ms   min %7.1f   max %7.1f\n", t.median,
                t.min, t.max);
    std::printf("  secret-tool lookup (1 entry) median %7.1f ms   min %7.1f   max %7.1f\n",
                s.median, s.min, s.max);
    std::printf("  ratio, medians: token / secret-tool = %.2f (target: at most 1.5)\n",
                t.median / s.median);
    std::printf("  stored session: %d keychain entries; requests to the server: %d\n",
                int(SessionStore::entryNames(key, int(session.toJson().size())).size()), requests);

    if (qEnvironmentVariableIntValue("WECHATLOGIN_BENCH_PHASES")) {
        QProcessEnvironment traced = env;
        traced.insert(
            QStringLiteral("QT_LOGGING_RULES"),
            qEnvironmentVariable("BENCH_RULES", QStringLiteral("wechatlogin.*.debug=true")));
        traced.insert(QStringLiteral("QT_MESSAGE_PATTERN"),
                      QStringLiteral("%{time boot} %{category} %{message}"));
        QElapsedTimer clock;
        clock.start();
        const qint64 startedUs = clock.nsecsElapsed() / 1000 + clock.msecsSinceReference() * 1000;
        const Run r = timed(QStringLiteral(APP_PATH), tokenArgs, traced);
        std::printf("one traced run, %.1f ms, started at %.6f s:\n%s", r.ms, startedUs / 1e6,
                    r.err.constData());
    }

    rawDeleteAll(service, key);
    return failures ? 1 : 0;
}
