// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "browserpages_p.h"
#include "displaytext_p.h"

// Qt
#include <QCoreApplication>

namespace WeChatLogin::Internal {

namespace {

QString tr(const char *text, const char *comment = nullptr)
{
    // lupdate files the tr() calls of BrowserPage's members under the struct's own name.
    return QCoreApplication::translate("WeChatLogin::Internal::BrowserPage", text, comment);
}

QString escaped(const QString &text, int maxChars)
{
    return displayText(text, maxChars).toHtmlEscaped();
}

} // namespace

int BrowserPage::status() const
{
    switch (kind) {
    case Kind::SignedIn:
    case Kind::Failed:
        return 200;
    case Kind::NotThis:
    case Kind::BadHost:
        return 400;
    case Kind::Used:
        return 409;
    case Kind::NotFound:
        return 404;
    case Kind::BadMethod:
        return 405;
    case Kind::TooLarge:
        return 431;
    }
    return 500;
}

QString BrowserPage::title() const
{
    switch (kind) {
    case Kind::SignedIn:
        return tr("Signed in");
    case Kind::Failed:
        return tr("Sign-in failed");
    case Kind::NotThis:
        return tr("Not this sign-in");
    case Kind::Used:
        return tr("This sign-in is already done");
    case Kind::NotFound:
        return tr("Nothing here");
    case Kind::BadMethod:
        return tr("Not supported");
    case Kind::BadHost:
        return tr("Wrong address");
    case Kind::TooLarge:
        return tr("Request too large");
    }
    return {};
}

QByteArray BrowserPage::html() const
{
    const QString app = appName.isEmpty() ? tr("the app") : escaped(appName, 64);
    QString lead;
    QString more;
    switch (kind) {
    case Kind::SignedIn:
        lead = tr("You are signed in to %1.").arg(app);
        more = tr("You can close this tab and go back to %1.").arg(app);
        break;
    case Kind::Failed:
        lead = detail.isEmpty() ? tr("%1 could not sign you in.").arg(app) : escaped(detail, 400);
        more = hint.isEmpty() ? tr("Close this tab, go back to %1 and try again.").arg(app)
                              : escaped(hint, 400);
        break;
    case Kind::NotThis:
        lead = tr("This address does not belong to the sign-in %1 is waiting for.").arg(app);
        more = tr("Start the sign-in again from %1.").arg(app);
        break;
    case Kind::Used:
        lead = tr("%1 has already received this sign-in.").arg(app);
        more = tr("You can close this tab.");
        break;
    default:
        lead = tr("%1 only answers its own sign-in here.").arg(app);
        more = tr("You can close this tab.");
        break;
    }
    const bool good = kind == Kind::SignedIn;
    // Inline only: the CSP below allows no other source, and the page needs none.
    const QString page =
        QStringLiteral("<!DOCTYPE html>\n<html lang=\"%1\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                       "<title>%2</title><style>"
                       "body{margin:0;min-height:100vh;display:flex;align-items:center;"
                       "justify-content:center;background:#f5f5f5;color:#1f1f1f;"
                       "font-family:system-ui,-apple-system,\"Noto Sans CJK SC\",\"PingFang SC\","
                       "\"Microsoft YaHei\",sans-serif}"
                       "main{max-width:28rem;margin:1.5rem;padding:2rem 2.25rem;background:#fff;"
                       "border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.12);text-align:center}"
                       ".mark{width:3.5rem;height:3.5rem;margin:0 auto 1rem;border-radius:50%;"
                       "display:flex;align-items:center;justify-content:center;font-size:2rem;"
                       "color:#fff;background:%3}"
                       "h1{font-size:1.35rem;margin:0 0 .75rem}p{line-height:1.55;margin:.5rem 0}"
                       ".more{color:#5f5f5f}"
                       "@media (prefers-color-scheme:dark){body{background:#1e1e1e;color:#e8e8e8}"
                       "main{background:#2a2a2a;box-shadow:none}.more{color:#b0b0b0}}"
                       "</style></head><body><main>"
                       "<div class=\"mark\" aria-hidden=\"true\">%4</div>"
                       "<h1>%2</h1><p>%5</p><p class=\"more\">%6</p>"
                       "</main></body></html>\n")
            .arg(tr("en", "the HTML lang attribute of the browser sign-in's pages: this "
                          "translation's language code"),
                 title().toHtmlEscaped(),
                 good ? QStringLiteral("#07c160") : QStringLiteral("#d93025"),
                 good ? QStringLiteral("&#10003;") : QStringLiteral("!"), lead, more);
    return page.toUtf8();
}

QByteArray BrowserPage::response() const
{
    static const char *const reasons[] = {
        "OK",        "Bad Request",        "Conflict",
        "Not Found", "Method Not Allowed", "Request Header Fields Too Large"};
    const int code = status();
    const char *reason = code == 200   ? reasons[0]
                         : code == 400 ? reasons[1]
                         : code == 409 ? reasons[2]
                         : code == 404 ? reasons[3]
                         : code == 405 ? reasons[4]
                                       : reasons[5];
    const QByteArray body = html();
    QByteArray answer = "HTTP/1.1 " + QByteArray::number(code) + ' ' + reason + "\r\n";
    answer += "Content-Type: text/html; charset=utf-8\r\n"
              "Content-Length: "
              + QByteArray::number(body.size())
              + "\r\n"
                "Cache-Control: no-store\r\n"
                "Referrer-Policy: no-referrer\r\n"
                "X-Content-Type-Options: nosniff\r\n"
                "X-Frame-Options: DENY\r\n"
                "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; "
                "frame-ancestors 'none'; form-action 'none'; base-uri 'none'\r\n";
    if (kind == Kind::BadMethod)
        answer += "Allow: GET\r\n";
    answer += "Connection: close\r\n\r\n";
    return answer + body;
}

} // namespace WeChatLogin::Internal
