// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The pages and images of the WeChat origin, rendered from resources/sandbox.

#include "fakewechat_p.h"
#include "pngimage.h"
#include "sandboxutil.h"

// Qt
#include <QFile>
#include <QJsonDocument>

#include <qrencode.h>

namespace WeChatLogin::SandboxInternal {

namespace {

QString resource(const QString &name)
{
    QFile file(QStringLiteral(":/wechatlogin/sandbox/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("sandbox resource %s is missing", qPrintable(name));
    return QString::fromUtf8(file.readAll());
}

// Fills {{KEY}} placeholders; values are already escaped for where they go.
QByteArray fill(QString text, const QHash<QString, QString> &values)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        text.replace(QStringLiteral("{{") + it.key() + QStringLiteral("}}"), it.value());
    return text.toUtf8();
}

} // namespace

QByteArray FakeWeChat::renderQrPage(const QrCode &qr, bool newStyle, const QUrlQuery &params) const
{
    const bool en = qr.lang == QLatin1String("en");
    QHash<QString, QString> v;
    v[QStringLiteral("HTML_LANG")] = en ? QStringLiteral("en") : QStringLiteral("zh-CN");
    v[QStringLiteral("QR_SRC")] = QStringLiteral("/connect/qrcode/") + qr.uuid;
    v[QStringLiteral("APP_NAME")] = htmlEscaped(m_context.appName);
    v[QStringLiteral("FORDEVTOOL")] = jsString(
        m_context.wechatUrl.toString() + QStringLiteral("/connect/l/qrconnect?uuid=") + qr.uuid);
    const QJsonObject config{
        {QStringLiteral("redirectUri"), qr.redirectUri},
        {QStringLiteral("state"), qr.state},
        {QStringLiteral("selfRedirect"),
         params.queryItemValue(QStringLiteral("self_redirect")) == QLatin1String("true")}};
    // JSON is a JavaScript literal; '<' is escaped so no value can end the script element.
    v[QStringLiteral("CONFIG")] =
        QString::fromUtf8(QJsonDocument(config).toJson(QJsonDocument::Compact))
            .replace(u'<', QLatin1String("\\u003c"));
    const QString href = params.queryItemValue(QStringLiteral("href"), QUrl::FullyDecoded);
    const QUrl css(href, QUrl::StrictMode);
    v[QStringLiteral("EXTRA_CSS")] =
        css.isValid()
                && (css.scheme() == QLatin1String("https") || css.scheme() == QLatin1String("http"))
            ? QStringLiteral("<link rel=\"stylesheet\" href=\"%1\">")
                  .arg(htmlEscaped(css.toString(QUrl::FullyEncoded)))
            : QString();
    if (newStyle) {
        v[QStringLiteral("T_DEFAULT_TIP")] = en ? QStringLiteral("Scan with WeChat to log in")
                                                : QStringLiteral("使用微信扫一扫登录");
        v[QStringLiteral("T_SCANNED")] =
            en ? QStringLiteral("Scanned") : QStringLiteral("扫描成功");
        v[QStringLiteral("T_SCANNED_HINT")] = en ? QStringLiteral("Tap Allow in WeChat to log in")
                                                 : QStringLiteral("在微信中轻触允许即可登录");
        v[QStringLiteral("T_CANCELLED")] =
            en ? QStringLiteral("You cancelled this login") : QStringLiteral("你已取消此次登录");
        v[QStringLiteral("T_RETRY")] = en ? QStringLiteral("Retry") : QStringLiteral("重试");
        return fill(resource(QStringLiteral("qrconnect_new.html")), v);
    }
    v[QStringLiteral("T_TITLE")] = en ? QStringLiteral("WeChat Login") : QStringLiteral("微信登录");
    v[QStringLiteral("T_DEFAULT_TIP")] =
        en ? QStringLiteral("Scan the QR code with WeChat to log in")
           : QStringLiteral("请使用微信扫描二维码登录");
    v[QStringLiteral("T_SCANNED")] = en ? QStringLiteral("Scanned") : QStringLiteral("扫描成功");
    v[QStringLiteral("T_SCANNED_HINT")] = en ? QStringLiteral("Tap Confirm in WeChat to log in")
                                             : QStringLiteral("请在微信中点击确认即可登录");
    v[QStringLiteral("T_CANCELLED")] =
        en ? QStringLiteral("You cancelled this login") : QStringLiteral("您已取消此次登录");
    v[QStringLiteral("T_CANCELLED_HINT")] =
        en ? QStringLiteral("You can scan again to log in, or close this window")
           : QStringLiteral("您可再次扫描登录，或关闭窗口");
    return fill(resource(QStringLiteral("qrconnect_legacy.html")), v);
}

// WeChat shows these in Chinese whatever the lang parameter says.
QByteArray FakeWeChat::renderWeuiError(const QString &title) const
{
    return fill(resource(QStringLiteral("weui_error.html")),
                {{QStringLiteral("TITLE"), htmlEscaped(title)}});
}

QByteArray FakeWeChat::renderConfirmPage(const QrCode *qr, const QString &error, bool en) const
{
    auto t = [en](const char *zh, const char *english) {
        return en ? QString::fromUtf8(english) : QString::fromUtf8(zh);
    };
    QString body;
    if (!error.isEmpty())
        body += QStringLiteral("<p class=\"error\">%1</p>").arg(htmlEscaped(error));
    const Sandbox::QrStatus status = qr ? effectiveStatus(*qr) : Sandbox::QrStatus::Expired;
    switch (status) {
    case Sandbox::QrStatus::Scanned: {
        body +=
            QStringLiteral("<h1>%1</h1><p>%2</p>")
                .arg(htmlEscaped(m_context.appName),
                     t("申请使用你的微信身份登录", "wants to log you in with your WeChat account"));
        body += QStringLiteral(
                    "<form method=\"post\" action=\"/connect/confirm\">"
                    "<input type=\"hidden\" name=\"uuid\" value=\"%1\"><div class=\"users\">")
                    .arg(htmlEscaped(qr->uuid));
        bool first = true;
        for (const auto &u : m_users.all()) {
            body += QStringLiteral("<label class=\"user\"><input type=\"radio\" name=\"user\" "
                                   "value=\"%1\"%2><img src=\"%3\" alt=\"\"><span>%4<small>%5 %6 · "
                                   "%7</small></span></label>")
                        .arg(htmlEscaped(u.id), first ? QStringLiteral(" checked") : QString(),
                             htmlEscaped(VirtualUsers::avatarUrl(u, m_context.wechatUrl)),
                             htmlEscaped(u.nickname), htmlEscaped(u.province), htmlEscaped(u.city),
                             htmlEscaped(u.id));
            first = false;
        }
        body += QStringLiteral("</div><button class=\"btn btn_primary\" name=\"action\" "
                               "value=\"confirm\">%1</button><button class=\"btn btn_default\" "
                               "name=\"action\" value=\"cancel\">%2</button></form>")
                    .arg(t("确认登录", "Confirm login"), t("取消", "Cancel"));
        break;
    }
    case Sandbox::QrStatus::Confirmed:
        body += QStringLiteral("<h1>%1</h1><p>%2</p>")
                    .arg(t("已确认登录", "Login confirmed"),
                         t("请回到电脑上继续", "Continue on your computer"));
        break;
    case Sandbox::QrStatus::Cancelled:
        body += QStringLiteral("<h1>%1</h1><p><a href=\"/connect/confirm?uuid=%2\">%3</a></p>")
                    .arg(t("你已取消此次登录", "You cancelled this login"), htmlEscaped(qr->uuid),
                         t("重新扫码", "Scan again"));
        break;
    case Sandbox::QrStatus::Waiting: // not reached: opening the page scans
    case Sandbox::QrStatus::Expired:
        body += QStringLiteral("<h1>%1</h1><p>%2</p>")
                    .arg(t("二维码已失效", "QR code expired"),
                         t("请在电脑上刷新二维码后重新扫描",
                           "Refresh the QR code on your computer and scan again"));
        break;
    }
    return fill(resource(QStringLiteral("confirm.html")),
                {{QStringLiteral("HTML_LANG"), en ? QStringLiteral("en") : QStringLiteral("zh-CN")},
                 {QStringLiteral("T_PAGE_TITLE"), t("微信 · 虚拟手机", "WeChat · virtual phone")},
                 {QStringLiteral("T_BADGE"), t("沙盒 · 虚拟手机", "Sandbox · virtual phone")},
                 {QStringLiteral("BODY"), body}});
}

QByteArray FakeWeChat::qrImagePng(const QString &text)
{
    const QByteArray data = text.toUtf8();
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(data.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code)
        qFatal("libqrencode could not encode a QR code");
    const int quiet = 4;
    const int modules = code->width + 2 * quiet;
    const int scale = std::max(4, 430 / modules); // WeChat serves ~430 px images
    PngImage image(modules * scale, modules * scale, PngImage::Format::Grey, 255);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if (!(code->data[y * code->width + x] & 1))
                continue;
            for (int dy = 0; dy < scale; ++dy) {
                quint8 *line = image.line((y + quiet) * scale + dy);
                std::fill_n(line + qsizetype(x + quiet) * scale, scale, quint8(0));
            }
        }
    }
    return image.toPng();
}

// The page's polling script, loaded like the real page's scripts: a request of its own,
// parser-blocking, so a slow answer (a fault) delays the page's DOMContentLoaded.
QByteArray FakeWeChat::pollingScript()
{
    return resource(QStringLiteral("qrconnect.js")).toUtf8();
}

} // namespace WeChatLogin::SandboxInternal
