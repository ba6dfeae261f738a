// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "signinhelper.h"
#include "loginprocesswire_p.h" // auth/
#include "verbs.h"
#include "windowplugin.h"

// Qt
#include <QTextStream>

#include <cstdio>

namespace WeChatLogin {

QString SignInHelper::notByHand()
{
    return tr("%1 is started by the wechat-login window, not by hand.").arg(QLatin1String(Verb));
}

int SignInHelper::run(const LoginProcessWire::Request &request)
{
    QString why;
    WindowPlugin *window = windowPlugin(&why);
    const int signedIn = window ? window->signInHelper(request, &why) : -1;
    if (signedIn < 0) { // the host hears why
        const QByteArray answer =
            LoginProcessWire::result(Session(), AuthError(AuthError::Kind::ConfigError, why));
        std::fwrite(answer.constData(), 1, size_t(answer.size()), stdout);
        std::fflush(stdout);
        QTextStream(stderr) << why << Qt::endl;
    }
    return signedIn == 0 ? Verbs::Ok : Verbs::NotSignedIn;
}

} // namespace WeChatLogin
