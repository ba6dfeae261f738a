// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// doctor's redirect checks: where GoTrue sends the browser at the end of a sign-in, for the
// configured redirect URL and for a loopback one (sign-in --browser), found with a dry
// /authorize and /callback, and the allow-list entry to add when it is not back here.

#include "appcontext.h"
#include "doctor.h"
#include "doctorchecks_p.h"
#include <WeChatLogin/authclient.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QRandomGenerator>
#include <QUrlQuery>

namespace WeChatLogin::DoctorChecks {

namespace {

// A dry run of the sign-in's end for the redirect URL intended (empty: the configured
// one): /authorize creates a flow state and sends the browser to WeChat with its state;
// /callback with that state and no code is WeChat's "refused", which GoTrue answers by
// sending the browser where the sign-in would have gone. Fills c and returns where the
// browser landed (invalid: c says why not known).
QUrl landing(Check &c, const AppContext &context, QNetworkAccessManager &network,
             const QUrl &intended)
{
    AuthClient client(context.authConfig());
    if (intended.isValid()) {
        AuthConfig config = context.authConfig();
        config.setRedirectUrl(intended);
        config.setFlowType(AuthConfig::FlowType::Pkce);
        client.setConfig(config);
    }
    const AuthorizeRequest authorize = intended.isValid()
                                           ? client.prepareAuthorize()
                                           : context.sessionManager()->client()->prepareAuthorize();
    const Answer start = fetch(network, context, authorize.url, false);
    const QString state = QUrlQuery(start.location).queryItemValue(QStringLiteral("state"));
    if (start.status != 302 || state.isEmpty()) {
        c.status = Status::Failed;
        c.detail = Doctor::tr("GoTrue did not start a sign-in (/authorize answered HTTP %1: %2)")
                       .arg(start.status)
                       .arg(QString::fromUtf8(start.body.left(200)).simplified());
        c.fix =
            Doctor::tr("Check the provider settings in MemFire Cloud → 认证 → 服务商 (微信扫码).");
        return {};
    }
    QUrl callback = context.authConfig().projectUrl();
    callback.setPath(callback.path() + QStringLiteral("/auth/v1/callback"));
    callback.setQuery(QStringLiteral("state=")
                      + QString::fromLatin1(QUrl::toPercentEncoding(state)));
    const Answer back = fetch(network, context, callback, false);
    if (!back.location.isValid()) {
        c.status = Status::Warning;
        c.detail =
            Doctor::tr("GoTrue's callback answered HTTP %1 without sending the browser anywhere; "
                       "the redirect URL could not be checked")
                .arg(back.status);
        return {};
    }
    return back.location;
}

} // namespace

Check redirect(const AppContext &context, QNetworkAccessManager &network, bool serverOk)
{
    Check c{QStringLiteral("redirect"), Status::Skipped, Doctor::tr("Redirect URL"), {}, {}};
    if (!serverOk) {
        c.detail = Doctor::tr("not checked: the server check failed");
        return c;
    }
    const QUrl landedUrl = landing(c, context, network, QUrl());
    if (!landedUrl.isValid())
        return c;
    const QString intended = context.config().redirectTo();
    const QString landed = withoutQuery(landedUrl).toString();
    if (intended.isEmpty()) {
        c.status = Status::Ok;
        c.detail =
            Doctor::tr("no redirect URL set: GoTrue sends the browser to the Site URL, %1, which "
                       "the app recognises")
                .arg(landed);
        return c;
    }
    if (withoutQuery(landedUrl) == withoutQuery(QUrl(intended))) {
        c.status = Status::Ok;
        c.detail =
            Doctor::tr("%1 is in the project's redirect URL list (重定向URL列表)").arg(intended);
        return c;
    }
    c.status = Status::Failed;
    c.detail =
        Doctor::tr("GoTrue sent the browser to %1, not to %2: the redirect URL is not in the "
                   "project's redirect URL list, so GoTrue silently falls back to the Site URL "
                   "(网站URL) and the sign-in never comes back to this app")
            .arg(landed, intended);
    c.fix = Doctor::tr("MemFire Cloud → 认证 → URL配置 → 重定向URL列表: add %1 exactly (or set "
                       "--redirect-to to an entry of the list).")
                .arg(intended);
    return c;
}

Check browserRedirect(const AppContext &context, QNetworkAccessManager &network, bool serverOk)
{
    Check c{QStringLiteral("browser_redirect"),
            Status::Skipped,
            Doctor::tr("Browser sign-in (loopback redirect)"),
            {},
            {}};
    if (!serverOk) {
        c.detail = Doctor::tr("not checked: the server check failed");
        return c;
    }
    // An address as sign-in --browser makes one: the loopback IP literal, a port of the
    // ephemeral range (nothing needs to listen: the browser is never sent there).
    QUrl loopback(QStringLiteral("http://127.0.0.1/wechat-login/callback"));
    loopback.setPort(49152 + int(QRandomGenerator::global()->bounded(16000)));
    const QUrl landedUrl = landing(c, context, network, loopback);
    if (!landedUrl.isValid()) {
        if (c.status == Status::Failed) // the browser sign-in alone cannot fail the set-up
            c.status = Status::Warning;
        return c;
    }
    if (withoutQuery(landedUrl) == withoutQuery(loopback)) {
        c.status = Status::Ok;
        c.detail = Doctor::tr("GoTrue sends the browser back to a loopback address (%1): "
                              "\"wechat-login sign-in --browser\" works")
                       .arg(withoutQuery(loopback).toString());
        return c;
    }
    // The dialog does not need it: a warning, with the exact entry to add.
    c.status = Status::Warning;
    c.detail = Doctor::tr("GoTrue sent the browser to %1, not back to the loopback address "
                          "%2: the sign-in in the system browser (sign-in --browser, "
                          "BrowserSignIn) cannot come back to the app; the dialog is not "
                          "affected")
                   .arg(withoutQuery(landedUrl).toString(), withoutQuery(loopback).toString());
    c.fix = Doctor::tr("MemFire Cloud → 认证 → URL配置 → 重定向URL列表: add %1 (any port of "
                       "127.0.0.1).")
                .arg(QStringLiteral("http://127.0.0.1:*/**"));
    return c;
}

} // namespace WeChatLogin::DoctorChecks
