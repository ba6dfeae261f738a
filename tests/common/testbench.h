// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTBENCH_H
#define WECHATLOGIN_TESTBENCH_H

// Qt
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QUrl>

#include <algorithm>
#include <csignal>
#include <sys/prctl.h>

namespace WeChatLogin::Test {

// The benchmarks' median: the upper middle of an even count; 0 for none.
inline double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

// The sandbox in a process of its own (wechat-login-sandbox), so that a benchmark's grabs
// and decodes slow neither it nor what is measured; it dies with this process. Its origins
// and anon key from its ready line; false if it did not start within timeoutMs.
struct SandboxProcess
{
    QUrl auth, wechat;
    QString anonKey;

    bool start(QProcess &process, const QString &program, int timeoutMs)
    {
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        process.start(program, {});
        if (!process.waitForReadyRead(timeoutMs))
            return false;
        const QJsonObject ready = QJsonDocument::fromJson(process.readLine()).object();
        auth = QUrl(ready.value(QStringLiteral("auth_url")).toString());
        wechat = QUrl(ready.value(QStringLiteral("wechat_url")).toString());
        anonKey = ready.value(QStringLiteral("anon_key")).toString();
        return auth.isValid() && wechat.isValid() && !anonKey.isEmpty();
    }
};

} // namespace WeChatLogin::Test

#endif
