// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login sign-in --browser [--no-open]: the sign-in in the person's own browser
// (BrowserSignIn, RFC 8252). No QtGui, no QtWebEngine: it works over ssh too (the URL is
// printed to open on any machine whose browser can reach this one's loopback, e.g. through
// ssh -L).

#include "appcontext.h"
#include "interruptwatch.h"
#include "sandboxhost.h"
#include "verbs.h"
#include <WeChatLogin/browsersignin.h>

// Qt
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTextStream>

namespace WeChatLogin {

int Verbs::signInWithBrowser(AppContext &context, const SignInOptions &options)
{
    QTextStream &say = err();
    BrowserSignIn signIn(context.authConfig());
    signIn.setOpensBrowser(options.open);
    if (options.timeoutGiven) // else the flow's own 10 minutes
        signIn.setTimeoutMs(int(std::max<qint64>(1, context.deadline().remainingTime())));
    if (SandboxHost *sandbox = context.sandbox()) {
        say << tr("Sandbox mode: no real WeChat account is involved.") << Qt::endl;
        QObject::connect(sandbox, &SandboxHost::qrCreated, sandbox,
                         [sandbox, &say](const QString &uuid) {
                             say << tr("Play the phone: open %1 in a browser.")
                                        .arg(sandbox->confirmPageUrl(uuid).toString())
                                 << Qt::endl;
                         });
    }
    QObject::connect(&signIn, &BrowserSignIn::authorizeUrlChanged, &signIn, [&](const QUrl &url) {
        if (options.open)
            return;
        say << tr("Open this address in a browser on this computer to sign in:") << Qt::endl;
        out() << url.toString(QUrl::FullyEncoded) << Qt::endl; // alone on stdout, for scripts
    });
    QObject::connect(&signIn, &BrowserSignIn::browserOpened, &signIn, [&] {
        say << tr("Your browser was opened: sign in there (scan the QR with WeChat), then come "
                  "back here. If it did not open, open this address by hand:")
            << Qt::endl
            << signIn.authorizeUrl().toString(QUrl::FullyEncoded) << Qt::endl;
    });
    QObject::connect(&signIn, &BrowserSignIn::browserOpenFailed, &signIn, [&](const QString &why) {
        say << tr("The browser could not be opened (%1). Open this address in "
                  "a browser on this computer:")
                   .arg(why)
            << Qt::endl
            << signIn.authorizeUrl().toString(QUrl::FullyEncoded) << Qt::endl;
    });
    QObject::connect(&signIn, &BrowserSignIn::browserReturned, &signIn, [&] {
        say << tr("The browser came back: finishing the sign-in…") << Qt::endl;
    });

    Session session;
    AuthError error;
    bool done = false;
    QEventLoop loop;
    QObject::connect(&signIn, &BrowserSignIn::finished, &loop,
                     [&](const Session &s, const AuthError &e) {
                         session = s;
                         error = e;
                         done = true;
                         loop.quit();
                     });
    // Ctrl-C or TERM: the flow is cancelled (the listener closed), not the process killed.
    const InterruptWatch interrupt;
    QObject::connect(&interrupt, &InterruptWatch::interrupted, &signIn, &BrowserSignIn::cancel);
    QElapsedTimer clock;
    clock.start();
    signIn.start();
    if (!done)
        loop.exec(); // finished() always comes: the flow has its deadline
    if (!session.isValid()) {
        if (error.kind() == AuthError::Kind::Cancelled) {
            say << tr("Sign-in cancelled.") << Qt::endl;
            // Given up while waiting: perhaps the browser went elsewhere (the message says
            // what to add to the redirect URL list).
            if (!signIn.hasBrowserReturned())
                say << error.message() << Qt::endl;
            return NotSignedIn;
        }
        say << tr("Sign-in failed: %1").arg(message(error)) << Qt::endl;
        const bool deadline = error.kind() == AuthError::Kind::BrowserDidNotReturn
                              && clock.elapsed() >= signIn.timeoutMs();
        return deadline || isUnreachable(error) ? Offline : NotSignedIn;
    }
    if (!options.timeoutGiven) // the person took their time in the browser
        context.setDeadline(QDeadlineTimer(qint64(DefaultTimeoutSeconds) * 1000));
    return storeSignedIn(context, session);
}

} // namespace WeChatLogin
