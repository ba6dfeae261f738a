// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "testkeychain.h"

// Qt
#include <QSignalSpy>
#include <QTest>

namespace WeChatLogin::Test {

namespace {

void run(QKeychain::Job &job)
{
    job.setAutoDelete(false);
    QSignalSpy finished(&job, &QKeychain::Job::finished);
    job.start();
    QVERIFY(!finished.isEmpty() || finished.wait(20000));
}

} // namespace

QKeychain::Error rawRead(const QString &service, const QString &entry, QString *text)
{
    QKeychain::ReadPasswordJob job(service);
    job.setKey(entry);
    run(job);
    if (text)
        *text = job.textData();
    return job.error();
}

QString rawReadSession(const QString &service, const QString &key)
{
    QString value;
    QString chunk;
    for (int i = 0;
         rawRead(service, i ? key + u'.' + QString::number(i) : key, &chunk) == QKeychain::NoError;
         ++i)
        value += chunk;
    return value;
}

void rawWrite(const QString &service, const QString &entry, const QString &text)
{
    QKeychain::WritePasswordJob job(service);
    job.setKey(entry);
    job.setTextData(text);
    run(job);
}

void rawDelete(const QString &service, const QString &entry)
{
    QKeychain::DeletePasswordJob job(service);
    job.setKey(entry);
    run(job);
}

void rawDeleteAll(const QString &service, const QString &key)
{
    for (int i = 0; i < 10; ++i)
        rawDelete(service, i ? key + u'.' + QString::number(i) : key);
}

} // namespace WeChatLogin::Test
