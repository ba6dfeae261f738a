// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_RELIABILITY_H
#define WECHATLOGIN_TESTS_RELIABILITY_H

// Header-only helpers shared by the reliability tests.

#include "testhttp.h"
#include "testreply.h"
#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/sessionmanager.h>
#include <WeChatLogin/sessionstore.h>

// Qt
#include <QDateTime>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace WeChatLogin::Test {

// The session as the library stores it: its local expiry anchored at receivedAtMs (the
// local clock of the process that received it).
inline Session anchored(Session session, qint64 receivedAtMs = QDateTime::currentMSecsSinceEpoch())
{
    session.setReceivedAt(receivedAtMs);
    return session;
}

// The same session with its local expiry moved (the tokens stay what the server issued).
inline Session withLocalExpiry(const Session &session, qint64 msFromNow)
{
    QJsonObject json = session.toJsonObject();
    json.insert(QStringLiteral("local_expires_at_ms"),
                QDateTime::currentMSecsSinceEpoch() + msFromNow);
    return Session::fromJsonObject(json);
}

// Stores a session in the keychain as SessionStore does (the app's own layout).
inline bool storeSession(const QString &service, const QString &key, const Session &session)
{
    SessionStore keychain(service);
    AuthReply *w = keychain.write(key, session);
    w->setAutoDelete(false);
    const bool ok = waitForReply(w) && !w->error().isError();
    delete w;
    return ok;
}

// A SessionManager for the sandbox, on this keychain entry.
inline std::unique_ptr<SessionManager> managerFor(SandboxFixture &f, const QString &service,
                                                  const QString &key, const QUrl &url = QUrl())
{
    AuthConfig config(url.isEmpty() ? f.sandbox().authUrl() : url, f.sandbox().anonKey());
    config.setStorageKey(key);
    return std::make_unique<SessionManager>(config, service);
}

// POST /token?grant_type=refresh_token requests the sandbox has received.
inline int refreshRequests(SandboxFixture &f)
{
    return f.requestCount(QStringLiteral("/auth/v1/token"), QStringLiteral("refresh_token"));
}

// Whether the server takes this access token (GET /user).
inline bool serverAccepts(SandboxFixture &f, const QString &accessToken)
{
    return f.http().get(f.auth(QStringLiteral("/auth/v1/user")), f.apiHeaders(accessToken)).status
           == 200;
}

inline bool injectFault(SandboxFixture &f, const QByteArray &json)
{
    return f.control("POST", QStringLiteral("/sandbox/faults"), json).status == 204;
}

template<typename Enum>
QString nameOf(Enum value)
{
    return QString::fromLatin1(QMetaEnum::fromType<Enum>().valueToKey(int(value)));
}

/*
 * Something between the app and GoTrue that is not GoTrue: a captive portal, a proxy's
 * error page, a firewall. Answers every request with the same raw HTTP response.
 */
class ForeignServer : public QTcpServer
{
public:
    explicit ForeignServer(const QByteArray &response)
        : m_response(response)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    socket->readAll();
                    socket->write(m_response);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    QUrl url(const QString &scheme = QStringLiteral("http")) const
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(scheme).arg(serverPort()));
    }

    static QByteArray html(int status, const QByteArray &extraHeaders = QByteArray())
    {
        const QByteArray body = "<html><head><title>Wi-Fi login</title></head><body>Please "
                                "sign in to the network</body></html>";
        return "HTTP/1.1 " + QByteArray::number(status) + " Whatever\r\n" + extraHeaders
               + "Content-Type: text/html\r\nContent-Length: " + QByteArray::number(body.size())
               + "\r\nConnection: close\r\n\r\n" + body;
    }

private:
    QByteArray m_response;
};

// libfaketime, when installed: the path to LD_PRELOAD.
inline QString libfaketime()
{
    for (const char *path : {"/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
                             "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
                             "/usr/lib/faketime/libfaketime.so.1"}) {
        if (QFileInfo::exists(QLatin1String(path)))
            return QLatin1String(path);
    }
    return QString();
}

// The environment that gives a process a wall clock offset from ours (faketime's
// FAKETIME, e.g. "+2h"), the monotonic clock left alone. A file instead of an offset
// lets a test move the clock while the process runs.
inline QProcessEnvironment fakedClock(const QString &offsetOrFile, bool isFile = false)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LD_PRELOAD"), libfaketime());
    env.insert(QStringLiteral("FAKETIME_DONT_FAKE_MONOTONIC"), QStringLiteral("1"));
    if (isFile) {
        env.insert(QStringLiteral("FAKETIME_TIMESTAMP_FILE"), offsetOrFile);
        env.insert(QStringLiteral("FAKETIME_NO_CACHE"), QStringLiteral("1"));
    } else {
        env.insert(QStringLiteral("FAKETIME"), offsetOrFile);
    }
    return env;
}

struct AppRun
{
    int exitCode = -1; // -2: crashed or killed; -3: still running at the deadline
    QString out, err;
    qint64 elapsedMs = 0;
};

/*
 * Runs the real wechat-login against a sandbox, configured as a real project would be,
 * with a private config directory; the sandbox lives in the calling process, so the event
 * loop keeps running while it waits.
 */
class AppRunner
{
public:
    static constexpr char Service[] = "wechat-login";

    explicit AppRunner(SandboxFixture &f)
        : m_f(f)
    {}

    QStringList connection() const
    {
        return {QStringLiteral("--url"), m_f.sandbox().authUrl().toString(),
                QStringLiteral("--anon-key"), m_f.sandbox().anonKey()};
    }
    QString storageKey() const
    {
        return AuthConfig(m_f.sandbox().authUrl(), m_f.sandbox().anonKey()).storageKey();
    }

    // Starts the app (prefix: a wrapper such as strace, or empty) without waiting.
    void start(QProcess &process, const QStringList &args,
               QProcessEnvironment env = QProcessEnvironment::systemEnvironment(),
               const QStringList &prefix = {}) const
    {
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        process.setProcessEnvironment(env);
        const QStringList all =
            prefix + QStringList{QStringLiteral(APP_PATH)} + connection() + args;
        process.start(all.first(), all.mid(1));
    }

    static AppRun finish(QProcess &process, qint64 startedMs, int timeoutMs)
    {
        AppRun r;
        if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, timeoutMs)) {
            process.kill();
            process.waitForFinished();
            r.exitCode = -3;
        } else {
            r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        }
        r.elapsedMs = QDateTime::currentMSecsSinceEpoch() - startedMs;
        r.out = QString::fromUtf8(process.readAllStandardOutput());
        r.err = QString::fromUtf8(process.readAllStandardError());
        return r;
    }

    AppRun run(const QStringList &args,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
               int timeoutMs = 60000, const QStringList &prefix = {}) const
    {
        QProcess process;
        const qint64 started = QDateTime::currentMSecsSinceEpoch();
        start(process, args, env, prefix);
        return finish(process, started, timeoutMs);
    }

private:
    SandboxFixture &m_f;
    QTemporaryDir m_home;
};

inline QString describe(const AppRun &r)
{
    return QStringLiteral("exit %1 after %2 ms\nstdout: %3\nstderr: %4")
        .arg(r.exitCode)
        .arg(r.elapsedMs)
        .arg(r.out, r.err);
}

} // namespace WeChatLogin::Test

#endif
