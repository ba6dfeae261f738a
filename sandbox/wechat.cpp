// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The WeChat origin: the website QR login page, its long poll, the virtual
// phone and the server-side /sns APIs, as docs/PROTOCOL.md section 3 describes.

#include "sandbox_p.h"
#include "sandboxutil.h"

// Qt
#include <QJsonDocument>
#include <QRegularExpression>

namespace WeChatLogin {

using namespace SandboxInternal;

namespace {

constexpr qint64 kWxCodeLifetimeMs = 10LL * 60 * 1000;
constexpr qint64 kWxAccessTokenLifetimeSec = 7200;
constexpr qint64 kWxRefreshTokenLifetimeMs = 30LL * 24 * 3600 * 1000;

int pollCode(Sandbox::QrStatus status)
{
    switch (status) {
    case Sandbox::QrStatus::Waiting:
        return 408;
    case Sandbox::QrStatus::Scanned:
        return 404;
    case Sandbox::QrStatus::Cancelled:
        return 403;
    case Sandbox::QrStatus::Expired:
        return 402;
    case Sandbox::QrStatus::Confirmed:
        return 405;
    }
    return 500;
}

// WeChat's HTTP-200 error body, with a request id like the real ones.
Response wxError(int errcode, const QString &errmsg)
{
    const QString rid = QStringLiteral("%1-%2-%3")
                            .arg(randomToken(8, true), randomToken(8, true), randomToken(8, true));
    return Response::json(
        200, QJsonDocument(QJsonObject{
                 {QStringLiteral("errcode"), errcode},
                 {QStringLiteral("errmsg"), QStringLiteral("%1, rid: %2").arg(errmsg, rid)}}));
}

Response html(const QByteArray &body)
{
    Response r = Response::text(200, QByteArrayLiteral("text/html; charset=utf-8"), body);
    r.setHeader("Cache-Control", "no-cache, must-revalidate");
    return r;
}

} // namespace

void SandboxPrivate::handleWeChat(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const QString &path = req.path;
    if (path == QLatin1String("/connect/qrconnect") && req.method == "GET")
        return wechatQrConnect(ex);
    if (path == QLatin1String("/connect/l/qrconnect") && req.method == "GET")
        return wechatLongPoll(ex);
    if (path == QLatin1String("/connect/confirm") && (req.method == "GET" || req.method == "POST"))
        return wechatConfirmPage(ex);
    if (path.startsWith(QLatin1String("/sns/")))
        return wechatSns(ex);
    if (path.startsWith(QLatin1String("/connect/qrcode/")) && req.method == "GET") {
        const QString uuid = path.mid(int(qstrlen("/connect/qrcode/")));
        const auto it = qrCodes.constFind(uuid);
        if (it == qrCodes.cend()) {
            ex->respond(Response::text(404, "text/plain", "unknown QR code"));
            return;
        }
        // Served for every known uuid whatever its status, like WeChat.
        Response r = Response::text(200, "image/png", qrImagePng(confirmUrlFor(uuid)));
        r.setHeader("Cache-Control", "max-age=300");
        ex->respond(r);
        return;
    }
    static const QRegularExpression avatarPath(QStringLiteral("^/mmopen/([a-z]+)/(\\d+)$"));
    const auto m = avatarPath.match(path);
    if (m.hasMatch() && req.method == "GET") {
        if (const VirtualUser *user = virtualUser(m.captured(1))) {
            Response r = Response::text(200, "image/png", avatarPng(*user));
            r.setHeader("Cache-Control", "max-age=86400");
            ex->respond(r);
            return;
        }
    }
    ex->respond(Response::text(404, "text/plain; charset=utf-8", "404 Not Found"));
}

QString SandboxPrivate::confirmUrlFor(const QString &uuid) const
{
    return wechatUrl.toString() + QStringLiteral("/connect/confirm?uuid=") + uuid;
}

void SandboxPrivate::wechatQrConnect(const ExchangePtr &ex)
{
    Q_Q(Sandbox);
    const Request &req = ex->request();
    const bool en = req.queryValue(QStringLiteral("lang")) == QLatin1String("en");
    auto weui = [&](const QString &title) { ex->respond(html(renderWeuiError(title, en))); };
    if (req.queryValue(QStringLiteral("appid")) != appId)
        return weui(QStringLiteral("AppID 参数错误"));
    const QUrl redirect(req.queryValue(QStringLiteral("redirect_uri")), QUrl::StrictMode);
    // The registered 授权回调域 is the auth origin: any path there, nothing else.
    if (!redirect.isValid() || redirect.scheme() != authUrl.scheme()
        || redirect.host() != authUrl.host() || redirect.port(80) != authUrl.port(80)) {
        return weui(QStringLiteral("redirect_uri 参数错误"));
    }
    if (req.queryValue(QStringLiteral("scope")) != QLatin1String("snsapi_login"))
        return weui(QStringLiteral("Scope 参数错误或没有 Scope 权限"));

    QrCode qr;
    do {
        qr.uuid = randomToken(16);
    } while (qrCodes.contains(qr.uuid));
    qr.appId = appId;
    qr.redirectUri = redirect.toString(QUrl::FullyEncoded);
    qr.state = req.queryValue(QStringLiteral("state"));
    qr.lang = en ? QStringLiteral("en") : QStringLiteral("cn");
    qr.createdMs = nowMs();
    qr.seq = ++qrSeq;
    qrCodes.insert(qr.uuid, qr);
    latestQr = qr.uuid;
    qCInfo(lcSandbox, "QR %s shown", qPrintable(qr.uuid));
    Q_EMIT q->qrCreated(qr.uuid);

    if (options.autoConfirmMs > 0) {
        const QString uuid = qr.uuid;
        QTimer::singleShot(options.autoConfirmMs / 2, wechatServer.get(), [this, uuid] {
            if (qrCodes.value(uuid).status == Sandbox::QrStatus::Waiting)
                transition(uuid, Sandbox::QrStatus::Scanned, QString(), nullptr);
        });
        QTimer::singleShot(options.autoConfirmMs, wechatServer.get(), [this, uuid] {
            transition(uuid, Sandbox::QrStatus::Confirmed, QString(), nullptr);
        });
    }

    const bool newStyle = options.pageStyle == SandboxOptions::PageStyle::New
                          || req.queryValue(QStringLiteral("stylelite")) == QLatin1String("1");
    ex->respond(html(renderQrPage(qr, newStyle, req.query)));
}

Response SandboxPrivate::pollAnswer(const QrCode &qr, Sandbox::QrStatus status) const
{
    const int code = pollCode(status);
    const QString wxCode = status == Sandbox::QrStatus::Confirmed ? qr.wxCode : QString();
    Response r = Response::text(
        200, "text/javascript",
        QStringLiteral("window.wx_errcode=%1;window.wx_code='%2';").arg(code).arg(wxCode).toUtf8());
    r.setHeader("Cache-Control", "no-cache");
    return r;
}

bool SandboxPrivate::answerPollIfReady(HeldPoll &poll, const QString &uuid, bool timedOut)
{
    const auto it = qrCodes.constFind(uuid);
    if (it == qrCodes.cend()) {
        poll.exchange->respond(
            Response::text(200, "text/javascript", "window.wx_errcode=500;window.wx_code='';"));
        return true;
    }
    const Sandbox::QrStatus status = effectiveStatus(*it);
    // "Nothing changes" is judged against last; confirmed and expired are final.
    const bool ready = status == Sandbox::QrStatus::Confirmed
                       || status == Sandbox::QrStatus::Expired
                       || (status != Sandbox::QrStatus::Waiting && pollCode(status) != poll.last);
    if (!ready && !timedOut)
        return false;
    poll.exchange->respond(pollAnswer(*it, ready ? status : Sandbox::QrStatus::Waiting));
    return true;
}

void SandboxPrivate::wakePolls(const QString &uuid)
{
    auto it = heldPolls.find(uuid);
    if (it == heldPolls.end())
        return;
    auto &polls = *it;
    polls.erase(std::remove_if(polls.begin(), polls.end(),
                               [&](HeldPoll &p) { return answerPollIfReady(p, uuid, false); }),
                polls.end());
    if (polls.empty())
        heldPolls.erase(it);
}

void SandboxPrivate::wechatLongPoll(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const QString uuid = req.queryValue(QStringLiteral("uuid"));
    HeldPoll poll;
    poll.exchange = ex;
    poll.last = req.queryValue(QStringLiteral("last")).toInt();
    if (answerPollIfReady(poll, uuid, false))
        return;

    // Held until something changes, the QR expires, or the poll times out (408).
    poll.deadlineMs = nowMs() + options.longPollMs;
    // Stopped at once, deleted later: the poll may be answered from inside its own timeout.
    poll.timer = std::shared_ptr<QTimer>(new QTimer, [](QTimer *t) {
        t->stop();
        t->deleteLater();
    });
    poll.timer->setSingleShot(true);
    poll.timer->setTimerType(Qt::PreciseTimer);
    const Exchange *key = ex.get();
    QObject::connect(poll.timer.get(), &QTimer::timeout, wechatServer.get(), [this, uuid, key] {
        auto it = heldPolls.find(uuid);
        if (it == heldPolls.end())
            return;
        auto &polls = *it;
        const auto p = std::find_if(polls.begin(), polls.end(),
                                    [&](const HeldPoll &h) { return h.exchange.get() == key; });
        if (p == polls.end())
            return;
        if (!answerPollIfReady(*p, uuid, nowMs() >= p->deadlineMs)) {
            armPollTimer(*p, uuid); // woke a little early
            return;
        }
        polls.erase(p);
        if (polls.empty())
            heldPolls.erase(it);
    });
    armPollTimer(poll, uuid);
    heldPolls[uuid].push_back(std::move(poll));
}

void SandboxPrivate::armPollTimer(HeldPoll &poll, const QString &uuid)
{
    // Wake at the deadline, or just after the QR dies if that comes first.
    const QrCode &qr = qrCodes[uuid];
    const qint64 now = nowMs();
    const qint64 untilExpiry = qr.createdMs + options.qrTtlMs - now + 1;
    const qint64 wait = std::max<qint64>(0, std::min(poll.deadlineMs - now, untilExpiry));
    poll.timer->start(int(wait));
}

void SandboxPrivate::wechatConfirmPage(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    using S = Sandbox::QrStatus;
    const bool post = req.method == "POST";
    const QUrlQuery form = post ? req.formBody() : req.query;
    const QString uuid = form.queryItemValue(QStringLiteral("uuid"), QUrl::FullyDecoded);
    auto it = qrCodes.find(uuid);
    if (it == qrCodes.end()) {
        ex->respond(html(renderConfirmPage(nullptr, QString(), false)));
        return;
    }
    const bool en = it->lang == QLatin1String("en");
    QString message;
    if (post) {
        const QString action = form.queryItemValue(QStringLiteral("action"));
        const QString user = form.queryItemValue(QStringLiteral("user"));
        QString error;
        if (action == QLatin1String("confirm"))
            transition(uuid, S::Confirmed, user, &error);
        else if (action == QLatin1String("cancel"))
            transition(uuid, S::Cancelled, QString(), &error);
        else
            error = QStringLiteral("unknown action");
        message = error;
    } else {
        // Opening the page is the scan; a cancelled QR may be scanned again.
        const S status = effectiveStatus(*it);
        if (status == S::Waiting || status == S::Cancelled)
            transition(uuid, S::Scanned, QString(), nullptr);
    }
    ex->respond(html(renderConfirmPage(&*it, message, en)));
}

void SandboxPrivate::wechatSns(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    auto q = [&](const char *key) { return req.queryValue(QLatin1String(key)); };
    const qint64 now = nowMs();
    auto tokenReply = [&](const QString &userId) {
        const VirtualUser *u = virtualUser(userId);
        const QString access = randomToken(86);
        const QString refresh = randomToken(86);
        wxAccessTokens.insert(access, WxToken{userId, now + kWxAccessTokenLifetimeSec * 1000});
        wxRefreshTokens.insert(refresh, WxToken{userId, now + kWxRefreshTokenLifetimeMs});
        ex->respond(Response::json(
            200,
            QJsonDocument(QJsonObject{{QStringLiteral("access_token"), access},
                                      {QStringLiteral("expires_in"), kWxAccessTokenLifetimeSec},
                                      {QStringLiteral("refresh_token"), refresh},
                                      {QStringLiteral("openid"), u->openid},
                                      {QStringLiteral("scope"), QStringLiteral("snsapi_login")},
                                      {QStringLiteral("unionid"), u->unionid}})));
    };
    // Access token checks shared by /sns/userinfo and /sns/auth.
    auto checkAccess = [&](const VirtualUser **user) -> bool {
        const QString token = q("access_token");
        if (token.isEmpty()) {
            ex->respond(wxError(41001, QStringLiteral("access_token missing")));
            return false;
        }
        const auto it = wxAccessTokens.constFind(token);
        if (it == wxAccessTokens.cend()) {
            ex->respond(wxError(
                40001,
                QStringLiteral("invalid credential, access_token is invalid or not latest")));
            return false;
        }
        if (it->expiresMs < now) {
            ex->respond(wxError(42001, QStringLiteral("access_token expired")));
            return false;
        }
        *user = virtualUser(it->userId);
        if (q("openid") != (*user)->openid) {
            ex->respond(wxError(40003, QStringLiteral("invalid openid")));
            return false;
        }
        return true;
    };

    if (req.path == QLatin1String("/sns/oauth2/access_token")) {
        if (q("appid").isEmpty())
            return ex->respond(wxError(41002, QStringLiteral("appid missing")));
        if (q("secret").isEmpty())
            return ex->respond(wxError(41004, QStringLiteral("appsecret missing")));
        if (q("code").isEmpty())
            return ex->respond(wxError(41008, QStringLiteral("missing code")));
        if (q("appid") != appId)
            return ex->respond(wxError(40013, QStringLiteral("invalid appid")));
        if (q("secret") != appSecret)
            return ex->respond(wxError(40125, QStringLiteral("invalid appsecret")));
        if (q("grant_type") != QLatin1String("authorization_code"))
            return ex->respond(wxError(40002, QStringLiteral("invalid grant_type")));
        auto it = wxCodes.find(q("code"));
        if (it == wxCodes.end() || now - it->issuedMs > kWxCodeLifetimeMs)
            return ex->respond(wxError(40029, QStringLiteral("invalid code")));
        if (it->used)
            return ex->respond(wxError(40163, QStringLiteral("code been used")));
        it->used = true;
        return tokenReply(it->userId);
    }
    if (req.path == QLatin1String("/sns/oauth2/refresh_token")) {
        if (q("appid") != appId)
            return ex->respond(wxError(40013, QStringLiteral("invalid appid")));
        if (q("grant_type") != QLatin1String("refresh_token"))
            return ex->respond(wxError(40002, QStringLiteral("invalid grant_type")));
        const auto it = wxRefreshTokens.constFind(q("refresh_token"));
        if (it == wxRefreshTokens.cend())
            return ex->respond(wxError(40030, QStringLiteral("invalid refresh_token")));
        if (it->expiresMs < now)
            return ex->respond(wxError(42002, QStringLiteral("refresh_token expired")));
        return tokenReply(it->userId);
    }
    if (req.path == QLatin1String("/sns/userinfo")) {
        const VirtualUser *u = nullptr;
        if (!checkAccess(&u))
            return;
        return ex->respond(Response::json(
            200, QJsonDocument(QJsonObject{{QStringLiteral("openid"), u->openid},
                                           {QStringLiteral("nickname"), u->nickname},
                                           {QStringLiteral("sex"), u->sex},
                                           {QStringLiteral("province"), u->province},
                                           {QStringLiteral("city"), u->city},
                                           {QStringLiteral("country"), u->country},
                                           {QStringLiteral("headimgurl"), avatarUrl(*u)},
                                           {QStringLiteral("privilege"), QJsonArray()},
                                           {QStringLiteral("unionid"), u->unionid}})));
    }
    if (req.path == QLatin1String("/sns/auth")) {
        const VirtualUser *u = nullptr;
        if (!checkAccess(&u))
            return;
        return ex->respond(Response::json(
            200, QJsonDocument(QJsonObject{{QStringLiteral("errcode"), 0},
                                           {QStringLiteral("errmsg"), QStringLiteral("ok")}})));
    }
    ex->respond(wxError(40066, QStringLiteral("invalid url")));
}

} // namespace WeChatLogin
