// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// NavigationPolicy: every row of its table, without a web engine.

#include "navigationpolicy_p.h"

// Qt
#include <QTest>

using namespace WeChatLogin;
using Action = NavigationPolicy::Action;
using Type = NavigationPolicy::Type;

Q_DECLARE_METATYPE(WeChatLogin::NavigationPolicy::Action)
Q_DECLARE_METATYPE(WeChatLogin::NavigationPolicy::Type)

namespace {

const QString kProject = QStringLiteral("http://127.0.0.1:54321");
const QString kRedirect = QStringLiteral("http://127.0.0.1:54321/app/callback");
const QString kGoTrueCallback = QStringLiteral("http://127.0.0.1:54321/auth/v1/callback");
const QString kQrPage =
    QStringLiteral("http://127.0.0.1:54322/connect/qrconnect?appid=wx1&state=S1#wechat_redirect");
const QString kElsewhere = QStringLiteral("http://127.0.0.1:9/help");

// What the widget knows while a QR shows; each row changes what it names.
struct Row
{
    QString redirect = kRedirect;
    bool active = true;
    bool qrSeen = true;
    QString from = kQrPage; // the navigation a Redirect continues
};

NavigationPolicy::Context contextFor(const Row &row)
{
    NavigationPolicy::Context c;
    c.projectUrl = QUrl(kProject);
    c.trusted = TrustedHosts(QUrl(kProject),
                             {QStringLiteral("127.0.0.1:54322"),
                              QStringLiteral("open.weixin.qq.com"), QStringLiteral("[::1]:8443")});
    c.redirectUrl = QUrl(row.redirect);
    c.goTrueCallback = QUrl(kGoTrueCallback);
    c.signInActive = row.active;
    c.qrSeen = row.qrSeen;
    c.currentUrl = QUrl(kQrPage);
    c.redirectingFrom = QUrl(row.from);
    return c;
}

} // namespace

class tst_NavigationPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decide_data();
    void decide();
    void helpers();
};

void tst_NavigationPolicy::decide_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<Type>("type");
    QTest::addColumn<bool>("mainFrame");
    QTest::addColumn<bool>("gesture");
    QTest::addColumn<QString>("redirect");
    QTest::addColumn<bool>("active");
    QTest::addColumn<bool>("qrSeen");
    QTest::addColumn<QString>("from");
    QTest::addColumn<Action>("expected");
    const auto row = [](const char *name, const QString &url, Type type, bool mainFrame,
                        bool gesture, Action expected, const Row &r = Row()) {
        QTest::newRow(name) << url << type << mainFrame << gesture << r.redirect << r.active
                            << r.qrSeen << r.from << expected;
    };
    Row inactive;
    inactive.active = false;
    Row fromGoTrue;
    fromGoTrue.from = kGoTrueCallback;
    Row noRedirect = fromGoTrue;
    noRedirect.redirect.clear();
    Row customScheme = fromGoTrue;
    customScheme.redirect = QStringLiteral("myapp://callback");
    Row noQrYet;
    noQrYet.qrSeen = false;

    // about: and data: documents
    row("about:blank sub-frame", "about:blank", Type::Other, false, false, Action::Allow);
    row("about:srcdoc sub-frame", "about:srcdoc", Type::Other, false, false, Action::Allow);
    row("data: sub-frame", "data:text/html,hi", Type::LinkClicked, false, false, Action::Allow);
    row("the widget's blank page", "about:blank", Type::Typed, true, false, Action::Allow);
    row("the widget's setHtml()", "data:text/html;charset=UTF-8,", Type::Typed, true, false,
        Action::Allow, inactive);
    row("a page to about:blank", "about:blank", Type::LinkClicked, true, false, Action::Refuse);
    row("a page to data:", "data:text/html,hi", Type::Redirect, true, false, Action::Refuse);

    // the redirect URL
    row("GoTrue's redirect", kRedirect + "?code=c", Type::Redirect, true, false, Action::Callback,
        fromGoTrue);
    row("GoTrue's redirect, fragment", kRedirect + "#access_token=t", Type::Redirect, true, false,
        Action::Callback, fromGoTrue);
    row("custom-scheme redirect", "myapp://callback?code=c", Type::Redirect, true, false,
        Action::Callback, customScheme);
    row("a page's client redirect", kRedirect + "?code=c", Type::Redirect, true, false,
        Action::Refuse);
    row("a script's location.href", kRedirect + "?code=c", Type::LinkClicked, true, false,
        Action::Refuse, fromGoTrue);
    row("a form to the redirect URL", kRedirect, Type::FormSubmitted, true, false, Action::Refuse,
        fromGoTrue);
    row("a clicked link to the redirect URL", kRedirect + "?code=c", Type::Redirect, true, true,
        Action::Refuse, fromGoTrue);
    row("a sub-frame to the redirect URL", kRedirect + "?code=c", Type::Redirect, false, false,
        Action::Refuse, fromGoTrue);
    row("the redirect URL with no sign-in", kRedirect + "?code=c", Type::Redirect, true, false,
        Action::Refuse, [] {
            Row r;
            r.active = false;
            r.from = kGoTrueCallback;
            return r;
        }());
    row("a custom-scheme link", "myapp://callback?code=c", Type::LinkClicked, true, false,
        Action::Refuse, customScheme);

    // nothing else without a sign-in
    row("trusted, no sign-in", kQrPage, Type::Typed, true, false, Action::Refuse, inactive);
    row("elsewhere clicked, no sign-in", kElsewhere, Type::LinkClicked, true, true, Action::Refuse,
        inactive);

    // GoTrue's /callback
    row("WeChat to GoTrue's callback", kGoTrueCallback + "?code=w&state=S1", Type::LinkClicked,
        true, false, Action::GoTrueCallback);
    row("GoTrue's callback as a redirect", kGoTrueCallback + "?code=w&state=S1", Type::Redirect,
        true, false, Action::GoTrueCallback);
    row("a sub-frame to GoTrue's callback", kGoTrueCallback + "?code=w&state=S1", Type::LinkClicked,
        false, false, Action::Refuse);
    row("a click on GoTrue's callback", kGoTrueCallback + "?code=w&state=S1", Type::LinkClicked,
        true, true, Action::Allow);

    // trusted origins, and the renewal
    row("the project's /authorize", kProject + "/auth/v1/authorize?provider=wechat_qr", Type::Typed,
        true, false, Action::Allow, noQrYet);
    row("GoTrue to WeChat", kQrPage, Type::Redirect, true, false, Action::Allow, noQrYet);
    row("a trusted sub-frame", "http://127.0.0.1:54322/frame", Type::Other, false, false,
        Action::Allow);
    row("a bare host is https", "https://open.weixin.qq.com/connect/qrconnect?x=1",
        Type::LinkClicked, true, false, Action::Allow);
    row("IPv6 trusted host", "http://[::1]:8443/x", Type::LinkClicked, true, false, Action::Allow);
    row("the QR page reloads itself", kQrPage, Type::Redirect, true, false, Action::Renew);
    row("the QR page reloads, other fragment",
        QString(kQrPage).replace(QLatin1String("#wechat_redirect"), QString()), Type::Reload, true,
        false, Action::Renew);
    row("the QR page before its QR showed", kQrPage, Type::Redirect, true, false, Action::Allow,
        noQrYet);
    row("another QR page", QString(kQrPage).replace(QLatin1String("S1"), QLatin1String("S2")),
        Type::LinkClicked, true, false, Action::Allow);
    row("a click on the QR page's URL", kQrPage, Type::LinkClicked, true, true, Action::Allow);

    // GoTrue sending the page elsewhere
    row("Site URL with the sign-in, none configured", "http://127.0.0.1:3000/?code=c",
        Type::Redirect, true, false, Action::Callback, noRedirect);
    row("Site URL with the sign-in, redirect configured", "http://127.0.0.1:3000/?code=c",
        Type::Redirect, true, false, Action::SiteUrlFallback, fromGoTrue);
    row("Site URL without the sign-in", "http://127.0.0.1:3000/", Type::Redirect, true, false,
        Action::SiteUrlFallback, fromGoTrue);
    row("a page's client redirect elsewhere", "http://127.0.0.1:3000/?code=c", Type::Redirect, true,
        false, Action::Refuse);
    row("GoTrue's redirect in a sub-frame", "http://127.0.0.1:3000/?code=c", Type::Redirect, false,
        false, Action::Refuse, fromGoTrue);

    // the system browser, for a click only
    row("a clicked link", kElsewhere, Type::LinkClicked, true, true, Action::OpenExternally);
    row("a clicked https link", "https://example.org/help", Type::LinkClicked, true, true,
        Action::OpenExternally);
    row("a scripted navigation", kElsewhere, Type::LinkClicked, true, false, Action::Refuse);
    row("a scripted redirect", kElsewhere, Type::Redirect, true, false, Action::Refuse);
    row("a form elsewhere", kElsewhere, Type::FormSubmitted, true, false, Action::Refuse);
    row("a click in a sub-frame", kElsewhere, Type::LinkClicked, false, true, Action::Refuse);
    row("a sub-frame elsewhere", kElsewhere, Type::Other, false, false, Action::Refuse);
    row("a clicked mailto:", "mailto:a@example.org", Type::LinkClicked, true, true, Action::Refuse);
    row("a clicked file:", "file:///etc/passwd", Type::LinkClicked, true, true, Action::Refuse);
    row("javascript:", "javascript:alert(1)", Type::LinkClicked, true, true, Action::Refuse);
    row("http to a bare https host", "http://open.weixin.qq.com/", Type::LinkClicked, true, false,
        Action::Refuse);
    row("user info on a trusted host", "http://u:p@127.0.0.1:54322/x", Type::LinkClicked, true,
        false, Action::Refuse);
}

void tst_NavigationPolicy::decide()
{
    QFETCH(QString, url);
    QFETCH(Type, type);
    QFETCH(bool, mainFrame);
    QFETCH(bool, gesture);
    QFETCH(QString, redirect);
    QFETCH(bool, active);
    QFETCH(bool, qrSeen);
    QFETCH(QString, from);
    QFETCH(Action, expected);
    Row row;
    row.redirect = redirect;
    row.active = active;
    row.qrSeen = qrSeen;
    row.from = from;
    const NavigationPolicy::Decision d =
        NavigationPolicy::decide(QUrl(url), type, mainFrame, gesture, contextFor(row));
    QVERIFY2(d.action == expected, d.reason);
    QVERIFY(qstrlen(d.reason) > 0);
    QVERIFY2(!QByteArray(d.reason).contains("://"), d.reason); // reasons never carry a URL
}

void tst_NavigationPolicy::helpers()
{
    QVERIFY(NavigationPolicy::sameOrigin(QUrl(QStringLiteral("https://A.example.com/x")),
                                         QUrl(QStringLiteral("https://a.example.com:443/y"))));
    QVERIFY(!NavigationPolicy::sameOrigin(QUrl(QStringLiteral("http://a.example.com")),
                                          QUrl(QStringLiteral("https://a.example.com"))));
    QVERIFY(!NavigationPolicy::sameOrigin(QUrl(QStringLiteral("myapp://a")),
                                          QUrl(QStringLiteral("myapp://a"))));
    QVERIFY(NavigationPolicy::isGoTrueCallback(QUrl(kGoTrueCallback + "?state=x"),
                                               QUrl(kGoTrueCallback)));
    QVERIFY(!NavigationPolicy::isGoTrueCallback(QUrl(kGoTrueCallback + "/more"),
                                                QUrl(kGoTrueCallback)));
    QVERIFY(!NavigationPolicy::isGoTrueCallback(QUrl(kGoTrueCallback), QUrl()));
}

QTEST_APPLESS_MAIN(tst_NavigationPolicy)
#include "tst_navigationpolicy.moc"
