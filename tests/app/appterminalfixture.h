// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_APPTERMINALFIXTURE_H
#define WECHATLOGIN_TESTS_APPTERMINALFIXTURE_H

// What tst_appterminal and tst_appterminalchoice share: wechat-login run as a person
// without a display runs it (its own settings directory, no DISPLAY, no platform chosen),
// each run marked in its environment so that every process it started can be found, and
// the screen of a tmux pane read as a phone would.

#include "testhttp.h"
#include "testkeychain.h"
#include "testqr.h"
#include "testterminal.h"
#include <WeChatLogin/authconfig.h>

// Qt
#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

namespace WeChatLogin::Test {

class AppTerminalFixture
{
public:
    static inline const QString Service = QStringLiteral("wechat-login");
    static constexpr int QrMs = 60000; // spawn to a QR on the screen, on a loaded CI machine
    static inline const QSize Roomy = QSize(100, 50);

    // Every process whose environment carries marker (the app, its QtWebEngine processes).
    static QList<qint64> processesMarked(const QByteArray &marker)
    {
        QList<qint64> pids;
        const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
        for (const QString &entry : entries) {
            bool ok = false;
            const qint64 pid = entry.toLongLong(&ok);
            if (!ok)
                continue;
            QFile environ(QStringLiteral("/proc/%1/environ").arg(pid));
            if (environ.open(QIODevice::ReadOnly) && environ.readAll().contains(marker))
                pids << pid;
        }
        return pids;
    }

    // A new run (init()): a new marker.
    void begin()
    {
        m_marker = "WECHATLOGIN_TEST_RUN=" + QUuid::createUuid().toByteArray(QUuid::Id128);
    }
    // The run's end (cleanup()): its keychain entries removed; true once nothing it started
    // runs any more (tmux kills the pane's process group).
    bool end()
    {
        for (const QString &key : std::as_const(m_keys))
            rawDeleteAll(Service, key);
        m_keys.clear();
        return QTest::qWaitFor([this] { return processesMarked(m_marker).isEmpty(); }, 20000);
    }
    QByteArray marker() const { return m_marker; }
    QString lastKey() const { return m_keys.value(m_keys.size() - 1); }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("TERM"), QStringLiteral("xterm-256color"));
        // A session without a display, as over ssh: nothing chooses a platform for it.
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.remove(QStringLiteral("NO_COLOR"));
        const QList<QByteArray> marker = m_marker.split('=');
        env.insert(QString::fromLatin1(marker.at(0)), QString::fromLatin1(marker.at(1)));
        return env;
    }

    // The executable and the sandbox's project on its command line; its keychain entry is
    // removed now and at end().
    QStringList connection(SandboxFixture &f)
    {
        const QString key = AuthConfig(f.sandbox().authUrl(), f.sandbox().anonKey()).storageKey();
        m_keys << key;
        rawDeleteAll(Service, key);
        return {QStringLiteral(APP_PATH),
                QStringLiteral("--url"),
                f.sandbox().authUrl().toString(),
                QStringLiteral("--anon-key"),
                f.sandbox().anonKey(),
                QStringLiteral("--trust-host"),
                f.sandbox().wechatUrl().authority()};
    }

    static QString screenQr(const Tmux &tmux, ColorScheme scheme)
    {
        return decodeQr(terminalImage(tmux.capture(), scheme));
    }

    // Until the screen shows a QR that decodes to the sandbox's newest QR text (a QR other
    // than otherThan's). The sandbox runs in this process: its event loop turns meanwhile.
    static bool waitForQr(const Tmux &tmux, SandboxFixture &f,
                          ColorScheme scheme = ColorScheme::Dark,
                          const QString &otherThan = QString())
    {
        return QTest::qWaitFor(
            [&] {
                const QString uuid = f.sandbox().latestQrUuid();
                return !uuid.isEmpty() && uuid != otherThan
                       && screenQr(tmux, scheme) == f.sandbox().confirmPageUrl(uuid).toString();
            },
            QrMs);
    }

    static bool waitForText(const Tmux &tmux, const QString &text, int timeoutMs = 20000)
    {
        return QTest::qWaitFor([&] { return tmux.text().contains(text); }, timeoutMs);
    }

private:
    QTemporaryDir m_home;
    QByteArray m_marker;
    QStringList m_keys;
};

} // namespace WeChatLogin::Test

#endif
