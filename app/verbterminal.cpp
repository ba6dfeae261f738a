// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login sign-in --terminal (or sign-in with no display): the checks that need no
// QtWebEngine, then the sign-in plugin's TerminalSignIn (app/signin/terminalsignin.h).

#include "appcontext.h"
#include "signinloader.h"
#include "verbs.h"

// Qt
#include <QTextStream>

#include <unistd.h>

namespace WeChatLogin {

int Verbs::signInInTerminal(AppContext &context, const SignInOptions &options)
{
    // Drawn on standard output; --json writes lines any reader can take.
    if (!options.json && ::isatty(STDOUT_FILENO) != 1) {
        err() << (options.terminalChosen
                      ? tr("Nothing here can show the sign-in: there is no display, and "
                           "standard output is not a terminal. Run \"wechat-login sign-in\" "
                           "in a terminal or on a desktop, or use --json to get the QR "
                           "code's text, or --browser --no-open for an address to open.")
                      : tr("sign-in --terminal draws the QR code on a terminal, and standard "
                           "output is not one. Use --json for the QR code's text."))
              << Qt::endl;
        return Usage;
    }
    QString why;
    SignInPlugin *plugin = signInPlugin(&why);
    if (!plugin) {
        err() << why << Qt::endl;
        return NotSignedIn;
    }
    return plugin->signInInTerminal(context, options);
}

} // namespace WeChatLogin
