// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_VERBS_H
#define WECHATLOGIN_APP_VERBS_H

// Qt
#include <QCoreApplication>
#include <QStringList>

class QCommandLineParser;

namespace WeChatLogin {

class AppContext;

/*
 * wechat-login's command-line verbs. All but sign-in run on a QCoreApplication and
 * never load QtWebEngine. Exit codes: 0 done, 1 signed out (or cancelled, failed),
 * 2 bad usage or configuration, 3 the server could not be reached or the verb's deadline
 * passed, 4 the keychain is locked or unavailable.
 */
class Verbs
{
    Q_DECLARE_TR_FUNCTIONS(WeChatLogin::Verbs)
public:
    enum Exit { Ok = 0, NotSignedIn = 1, Usage = 2, Offline = 3, KeychainUnavailable = 4 };
    static constexpr int DefaultTimeoutSeconds = 40;

    static QStringList names(); // sign-in, status, token, session, sign-out
    static bool needsGui(const QString &verb) { return verb == QLatin1String("sign-in"); }
    // One line per verb for --help.
    static QString description();

    static int status(AppContext &context);
    static int token(AppContext &context);
    static int session(AppContext &context);
    static int signOut(AppContext &context, bool everywhere);
    static int signIn(AppContext &context);
};

} // namespace WeChatLogin

#endif
