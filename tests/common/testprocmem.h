// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// What a process and the processes it started use, from /proc (Linux): the benchmarks'
// memory figures.

#ifndef WECHATLOGIN_TEST_PROCMEM_H
#define WECHATLOGIN_TEST_PROCMEM_H

// Qt
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QStringList>

namespace WeChatLogin::Test {

// A /proc/<pid>/status field in kB ("self" for this process).
inline qint64 statusKb(const QString &pid, const QByteArray &field)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

// Every live descendant of this process (QtWebEngineProcess helpers: zygotes, renderers).
// The processes descended from root (its children, theirs, ...), zombies left out; this
// process's by default.
inline QStringList descendantPids(qint64 root = QCoreApplication::applicationPid())
{
    QHash<QString, QString> parentOf;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &pid : pids) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const int close = text.lastIndexOf(')'); // the command may contain spaces
        const QList<QByteArray> fields = text.mid(close + 2).split(' ');
        // A zombie has exited: it holds no memory and counts as gone.
        if (fields.size() > 1 && fields.at(0) != "Z")
            parentOf.insert(pid, QString::fromLatin1(fields.at(1)));
    }
    const QString self = QString::number(root);
    QStringList found;
    for (auto it = parentOf.cbegin(); it != parentOf.cend(); ++it) {
        QString ancestor = it.value();
        for (int depth = 0; depth < 8 && !ancestor.isEmpty() && ancestor != QLatin1String("0");
             ++depth) {
            if (ancestor == self) {
                found << it.key();
                break;
            }
            ancestor = parentOf.value(ancestor);
        }
    }
    return found;
}

// The current RSS of every descendant of this process.
// A descendant of this process whose program path ends with name ("/wechat-login-dialog"),
// or an empty string.
inline QString descendantRunning(const QByteArray &name)
{
    for (const QString &pid : descendantPids()) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdline.open(QIODevice::ReadOnly)
            && cmdline.readAll().split('\0').value(0).endsWith(name))
            return pid;
    }
    return {};
}

// A field of /proc/PID/smaps_rollup ("Pss", "Rss"), in KiB: what a process costs, its
// shared pages divided among the processes that share them (Pss).
inline qint64 smapsRollupKb(qint64 pid, const QByteArray &field)
{
    QFile file(QStringLiteral("/proc/%1/smaps_rollup").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

inline qint64 helpersRssKb()
{
    qint64 total = 0;
    for (const QString &pid : descendantPids())
        total += statusKb(pid, "VmRSS");
    return total;
}

// Whether this process has QtWebEngine mapped now.
inline bool mapsWebEngine()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    return maps.open(QIODevice::ReadOnly) && maps.readAll().contains("libQt6WebEngineCore");
}

} // namespace WeChatLogin::Test

#endif
