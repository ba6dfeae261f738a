// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTOPENER_H
#define WECHATLOGIN_TESTS_TESTOPENER_H

// Qt
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QString>

#include <csignal>

namespace WeChatLogin::Test {

/*
 * The desktop's opener, as a desktop has it first on PATH: a stand-in xdg-open in
 * <dir>/bin that records each URL it is given and, with a browser, starts Debian's
 * chromium on it (headless, a throwaway profile of its own) and leaves it running, as
 * xdg-open does; without, it opens nothing (a person who never switches to the browser).
 * Every browser it started is ended by endBrowsers() or the destructor.
 */
class StandInOpener
{
public:
    explicit StandInOpener(const QString &dir)
        : m_dir(dir)
    {}
    ~StandInOpener() { endBrowsers(); }

    // Writes the opener; false (with why) if chromium is missing or it cannot be written.
    bool install(bool withBrowser, QString *why)
    {
        const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        if (withBrowser && chromium.isEmpty()) {
            *why = QStringLiteral("chromium is missing (./dev.sh test installs it)");
            return false;
        }
        QDir(m_dir).mkpath(QStringLiteral("bin"));
        QFile opener(binDir() + QStringLiteral("/xdg-open"));
        if (!opener.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            *why = opener.errorString();
            return false;
        }
        opener.write("#!/bin/sh\necho \"$1\" >> '" + QFile::encodeName(file("opened")) + "'\n");
        if (withBrowser) {
            opener.write("profile=$(mktemp -d '" + QFile::encodeName(file("profile.XXXXXX"))
                         + "')\n'" + QFile::encodeName(chromium)
                         + "' --headless=old --no-sandbox --disable-gpu --no-first-run "
                           "--user-data-dir=\"$profile\" \"$1\" >/dev/null 2>&1 &\n"
                           "echo $! >> '"
                         + QFile::encodeName(file("browsers")) + "'\n");
        }
        opener.close();
        QFile::remove(file("opened"));
        return opener.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    QString binDir() const { return m_dir + QStringLiteral("/bin"); }
    // PATH with the opener first.
    QString path(const QString &path) const { return binDir() + u':' + path; }
    // The URLs it was given, in order.
    QStringList opened() const
    {
        QFile f(file("opened"));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
    }
    void forgetOpened() { QFile::remove(file("opened")); }
    void endBrowsers()
    {
        QFile pids(file("browsers"));
        if (!pids.open(QIODevice::ReadOnly))
            return;
        for (const QByteArray &pid : pids.readAll().split('\n')) {
            if (pid.toInt() > 0)
                ::kill(pid.toInt(), SIGTERM);
        }
        pids.close();
        pids.remove();
    }

private:
    QString file(const char *name) const { return m_dir + u'/' + QLatin1String(name); }

    QString m_dir;
};

} // namespace WeChatLogin::Test

#endif
