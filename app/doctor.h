// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_DOCTOR_H
#define WECHATLOGIN_APP_DOCTOR_H

// Qt
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace WeChatLogin {

class AppContext;

/*
 * wechat-login doctor: what is wrong with a set-up, one check at a time, each with what
 * it found and, when something is wrong, what to do. The checks talk to the real server
 * (GoTrue's /settings, a dry /authorize and /callback, its Date header), the keychain,
 * the proxy settings and QtWebEngine; none signs in, none prints a secret.
 */
class Doctor
{
    Q_DECLARE_TR_FUNCTIONS(WeChatLogin::Doctor)
public:
    enum class Status { Ok, Warning, Failed, Skipped };
    struct Check
    {
        QString id; // configuration, server, redirect, clock, keychain, proxy, webengine
        Status status = Status::Skipped;
        QString title;
        QString detail;
        QString fix; // empty unless something is wrong
    };

    // Runs every check in order, each bounded; the web engine check only when the
    // application is a QApplication (main() makes it one, offscreen, for doctor).
    static QList<Check> run(AppContext &context);

    static bool allNeededWork(const QList<Check> &checks); // no Failed
    static QString toText(const QList<Check> &checks);
    static QJsonObject toJson(const QList<Check> &checks); // schema 1

    static QString statusName(Status status); // "ok", "warning", "failed", "skipped"
};

} // namespace WeChatLogin

#endif
