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
inline QStringList descendantPids()
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
    const QString self = QString::number(QCoreApplication::applicationPid());
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
