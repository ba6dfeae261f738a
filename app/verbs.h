// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_VERBS_H
#define WECHATLOGIN_APP_VERBS_H

// Qt
#include <QCoreApplication>
#include <QStringList>

class QCommandLineParser;
class QTextStream;

namespace WeChatLogin {

class AppContext;
class AuthError;
class Session;

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
    // sign-in shows the dialog (not with --browser); doctor loads the sign-in page
    // (offscreen).
    static bool needsGui(const QString &verb, bool browser = false)
    {
        return (verb == QLatin1String("sign-in") && !browser) || verb == QLatin1String("doctor")
               || verb == QLatin1String("sign-in-helper"); // the window's (signinhelper.h)
    }
    // One line per verb for --help.
    static QString description();
    // What a verb tells a person about an error: the library's userMessage(), but said for a
    // command that exits (nothing is "kept in memory" or "saved later" once it has ended).
    static QString message(const AuthError &error);

    // Where every verb writes: one buffered stream each for stdout and stderr.
    static QTextStream &out();
    static QTextStream &err();
    // A network failure, timeout or unavailable server: exit 3.
    static bool isUnreachable(const AuthError &error);

    struct SignInOptions;
    // Runs the verb (one of names()) and returns its exit code. signInWay: how sign-in goes,
    // as decided before the application existed (the terminal or not); the rest is read
    // from parser.
    static int run(const QString &verb, AppContext &context, const QCommandLineParser &parser,
                   const SignInOptions &signInWay);

    static int status(AppContext &context, bool json = false);
    // minTtlSeconds > 0: refresh first when less than that is left.
    static int token(AppContext &context, int minTtlSeconds = 0, bool json = false);
    static int session(AppContext &context, bool json = false); // json: failures as JSON too
    static int signOut(AppContext &context, bool everywhere);
    struct SignInOptions
    {
        bool browser = false;        // --browser: the system browser (BrowserSignIn)
        bool open = true;            // false (--no-open): only print the URL
        bool timeoutGiven = false;   // --timeout bounds the browser flow (else 10 minutes)
        bool terminal = false;       // --terminal, or chosen: the QR drawn in the terminal
        bool terminalChosen = false; // chosen by itself: no display
        bool json = false;           // --json (terminal): one JSON line per event
        QString qrStyle;             // --qr-style: half, blocks, ascii (empty: the default)
    };
    static int signIn(AppContext &context, const SignInOptions &options);
    static int signIn(AppContext &context) { return signIn(context, SignInOptions()); }
    // sign-in --browser (verbbrowser.cpp).
    static int signInWithBrowser(AppContext &context, const SignInOptions &options);
    // Stores a fresh session; one that cannot be stored is ended on the server again (a
    // live refresh token no device holds is never left behind). The exit code.
    // announce: "Signed in as ..." on stdout (not with --json).
    static int storeSignedIn(AppContext &context, const Session &session, bool announce = true);
    // sign-in --terminal (the sign-in plugin's TerminalSignIn).
    static int signInInTerminal(AppContext &context, const SignInOptions &options);
    // One line per session event until interrupted (or --timeout); 0.
    static int watch(AppContext &context, bool json);
    // Checks the set-up; 0 when everything needed works, 1 otherwise.
    static int doctor(AppContext &context, bool json);
    // Prints the completion script for bash, zsh or fish; 2 for another shell.
    static int completion(const QString &shell);
};

} // namespace WeChatLogin

#endif
