// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The WeChat origin (docs/PROTOCOL.md section 3): the website QR login page, its long
// poll, the QR state machine and the virtual phone. The server-side /sns APIs are in
// wechatsns.cpp, the pages' markup in wechatpages.cpp.

#include "fakewechat_p.h"
#include "sandboxutil.h"

// Qt
#include <QJsonDocument>
#include <QRegularExpression>

namespace WeChatLogin::SandboxInternal {

namespace {

using QrStatus = Sandbox::QrStatus;

int pollCode(QrStatus status)
{
    switch (status) {
    case QrStatus::Waiting:
        return 408;
    case QrStatus::Scanned:
        return 404;
    case QrStatus::Cancelled:
        return 403;
    case QrStatus::Expired:
        return 402;
    case QrStatus::Confirmed:
        return 405;
    }
    return 500;
}

Response html(const QByteArray &body)
{
    Response r = Response::text(200, QByteArrayLiteral("text/html; charset=utf-8"), body);
    r.setHeader("Cache-Control", "no-cache, must-revalidate");
    return r;
}

} // namespace

FakeWeChat::FakeWeChat(const SandboxContext &context, const VirtualUsers &users)
    : m_context(context)
    , m_users(users)
{}

void FakeWeChat::stop()
{
    // Answer held long polls before the sockets go away.
    const auto held = std::exchange(m_heldPolls, {});
    for (const auto &polls : held) {
        for (const auto &poll : polls)
            poll.exchange->drop();
    }
}

FakeWeChat::QrStatus FakeWeChat::status(const QString &uuid) const
{
    const auto it = m_qrCodes.constFind(uuid);
    return it == m_qrCodes.cend() ? QrStatus::Expired : effectiveStatus(*it);
}

FakeWeChat::QrStatus FakeWeChat::effectiveStatus(const QrCode &qr) const
{
    // A QR dies qrTtlMs after it was shown, whatever happened to it short of a confirm.
    if (qr.status != QrStatus::Confirmed && nowMs() - qr.createdMs >= m_context.options.qrTtlMs)
        return QrStatus::Expired;
    return qr.status;
}

bool FakeWeChat::transition(const QString &uuid, QrStatus to, const QString &userId,
                            QString *errorString, int *httpStatus)
{
    using S = QrStatus;
    auto fail = [&](int status, const QString &message) {
        if (errorString)
            *errorString = message;
        if (httpStatus)
            *httpStatus = status;
        return false;
    };
    auto it = m_qrCodes.find(uuid);
    if (it == m_qrCodes.end())
        return fail(404, QStringLiteral("unknown QR uuid"));
    QrCode &qr = *it;
    S from = effectiveStatus(qr);
    if (to == S::Expired) {
        if (from == S::Confirmed)
            return fail(409, QStringLiteral("the QR was already confirmed"));
    } else if (from == S::Expired) {
        return fail(409, QStringLiteral("the QR has expired"));
    } else if (from == S::Confirmed) {
        return fail(409, QStringLiteral("the QR was already confirmed"));
    }
    const VirtualUser *user = nullptr;
    if (to == S::Confirmed) {
        user = m_users.find(userId.isEmpty() ? QStringLiteral("default") : userId);
        if (!user)
            return fail(400, QStringLiteral("unknown virtual user: %1").arg(userId));
        if (from != S::Scanned) { // the phone scans before it can confirm
            transition(uuid, S::Scanned, QString(), nullptr);
            from = S::Scanned;
        }
        // One WeChat code per confirm, 32 characters like the real ones.
        const QString code = randomToken(32);
        m_wxCodes.insert(code, WxCode{user->id, qr.appId, nowMs(), false});
        qr.wxCode = code;
    }
    if (from == to)
        return true;
    qr.status = to;
    qCInfo(lcSandbox, "QR %s: %s -> %s", qPrintable(uuid), qPrintable(Sandbox::qrStatusName(from)),
           qPrintable(Sandbox::qrStatusName(to)));
    if (onQrStatusChanged)
        onQrStatusChanged(uuid, to);
    wakePolls(uuid);
    return true;
}

void FakeWeChat::handle(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const QString &path = req.path;
    if (path == QLatin1String("/connect/qrconnect") && req.method == "GET")
        return qrConnect(ex);
    if (path == QLatin1String("/connect/l/qrconnect") && req.method == "GET")
        return longPoll(ex);
    if (path == QLatin1String("/connect/qrconnect.js") && req.method == "GET") {
        Response r = Response::text(200, "text/javascript; charset=utf-8", pollingScript());
        r.setHeader("Cache-Control", "no-cache");
        return ex->respond(r);
    }
    if (path == QLatin1String("/connect/confirm") && (req.method == "GET" || req.method == "POST"))
        return confirmPage(ex);
    if (path.startsWith(QLatin1String("/sns/")))
        return sns(ex);
    if (path.startsWith(QLatin1String("/connect/qrcode/")) && req.method == "GET") {
        const QString uuid = path.mid(int(qstrlen("/connect/qrcode/")));
        const auto it = m_qrCodes.constFind(uuid);
        if (it == m_qrCodes.cend()) {
            ex->respond(Response::text(404, "text/plain", "unknown QR code"));
            return;
        }
        // Served for every known uuid whatever its status, like WeChat.
        Response r = Response::text(200, "image/png", qrImagePng(confirmPageUrl(uuid).toString()));
        r.setHeader("Cache-Control", "max-age=300");
        ex->respond(r);
        return;
    }
    static const QRegularExpression avatarPath(QStringLiteral("^/mmopen/([a-z]+)/(\\d+)$"));
    const auto m = avatarPath.match(path);
    if (m.hasMatch() && req.method == "GET") {
        if (const VirtualUser *user = m_users.find(m.captured(1))) {
            Response r = Response::text(200, "image/png", VirtualUsers::avatarPng(*user));
            r.setHeader("Cache-Control", "max-age=86400");
            ex->respond(r);
            return;
        }
    }
    ex->respond(Response::text(404, "text/plain; charset=utf-8", "404 Not Found"));
}

QUrl FakeWeChat::confirmPageUrl(const QString &uuid) const
{
    return QUrl(m_context.wechatUrl.toString() + QStringLiteral("/connect/confirm?uuid=") + uuid);
}

void FakeWeChat::qrConnect(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const bool en = req.queryValue(QStringLiteral("lang")) == QLatin1String("en");
    auto weui = [&](const QString &title) { ex->respond(html(renderWeuiError(title))); };
    if (req.queryValue(QStringLiteral("appid")) != m_context.appId)
        return weui(QStringLiteral("AppID 参数错误"));
    const QUrl redirect(req.queryValue(QStringLiteral("redirect_uri")), QUrl::StrictMode);
    // The registered 授权回调域 is the auth origin: any path there, nothing else.
    if (!redirect.isValid() || redirect.scheme() != m_context.authUrl.scheme()
        || redirect.host() != m_context.authUrl.host()
        || redirect.port(80) != m_context.authUrl.port(80)) {
        return weui(QStringLiteral("redirect_uri 参数错误"));
    }
    if (req.queryValue(QStringLiteral("scope")) != QLatin1String("snsapi_login"))
        return weui(QStringLiteral("Scope 参数错误或没有 Scope 权限"));

    QrCode qr;
    do {
        qr.uuid = randomToken(16);
    } while (m_qrCodes.contains(qr.uuid));
    qr.appId = m_context.appId;
    qr.redirectUri = redirect.toString(QUrl::FullyEncoded);
    qr.state = req.queryValue(QStringLiteral("state"));
    qr.lang = en ? QStringLiteral("en") : QStringLiteral("cn");
    qr.createdMs = nowMs();
    qr.seq = ++m_qrSeq;
    m_qrCodes.insert(qr.uuid, qr);
    m_latestQr = qr.uuid;
    qCInfo(lcSandbox, "QR %s shown", qPrintable(qr.uuid));
    if (onQrCreated)
        onQrCreated(qr.uuid);

    if (m_context.options.autoConfirmMs > 0) {
        const QString uuid = qr.uuid;
        QTimer::singleShot(m_context.options.autoConfirmMs / 2, m_context.running.get(),
                           [this, uuid] {
                               if (m_qrCodes.value(uuid).status == QrStatus::Waiting)
                                   transition(uuid, QrStatus::Scanned, QString(), nullptr);
                           });
        QTimer::singleShot(m_context.options.autoConfirmMs, m_context.running.get(), [this, uuid] {
            transition(uuid, QrStatus::Confirmed, QString(), nullptr);
        });
    }

    const bool newStyle = m_context.options.pageStyle == SandboxOptions::PageStyle::New
                          || req.queryValue(QStringLiteral("stylelite")) == QLatin1String("1");
    ex->respond(html(renderQrPage(qr, newStyle, req.query)));
}

Response FakeWeChat::pollAnswer(const QrCode &qr, QrStatus status) const
{
    const int code = pollCode(status);
    const QString wxCode = status == QrStatus::Confirmed ? qr.wxCode : QString();
    Response r = Response::text(
        200, "text/javascript",
        QStringLiteral("window.wx_errcode=%1;window.wx_code='%2';").arg(code).arg(wxCode).toUtf8());
    r.setHeader("Cache-Control", "no-cache");
    return r;
}

bool FakeWeChat::answerPollIfReady(HeldPoll &poll, const QString &uuid, bool timedOut)
{
    const auto it = m_qrCodes.constFind(uuid);
    if (it == m_qrCodes.cend()) {
        poll.exchange->respond(
            Response::text(200, "text/javascript", "window.wx_errcode=500;window.wx_code='';"));
        return true;
    }
    const QrStatus status = effectiveStatus(*it);
    // "Nothing changes" is judged against last; confirmed and expired are final.
    const bool ready = status == QrStatus::Confirmed || status == QrStatus::Expired
                       || (status != QrStatus::Waiting && pollCode(status) != poll.last);
    if (!ready && !timedOut)
        return false;
    poll.exchange->respond(pollAnswer(*it, ready ? status : QrStatus::Waiting));
    return true;
}

void FakeWeChat::wakePolls(const QString &uuid)
{
    auto it = m_heldPolls.find(uuid);
    if (it == m_heldPolls.end())
        return;
    auto &polls = *it;
    polls.erase(std::remove_if(polls.begin(), polls.end(),
                               [&](HeldPoll &p) { return answerPollIfReady(p, uuid, false); }),
                polls.end());
    if (polls.empty())
        m_heldPolls.erase(it);
}

void FakeWeChat::longPoll(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const QString uuid = req.queryValue(QStringLiteral("uuid"));
    HeldPoll poll;
    poll.exchange = ex;
    poll.last = req.queryValue(QStringLiteral("last")).toInt();
    if (answerPollIfReady(poll, uuid, false))
        return;

    // Held until something changes, the QR expires, or the poll times out (408).
    poll.deadlineMs = nowMs() + m_context.options.longPollMs;
    // Stopped at once, deleted later: the poll may be answered from inside its own timeout.
    poll.timer = std::shared_ptr<QTimer>(new QTimer, [](QTimer *t) {
        t->stop();
        t->deleteLater();
    });
    poll.timer->setSingleShot(true);
    poll.timer->setTimerType(Qt::PreciseTimer);
    const Exchange *key = ex.get();
    QObject::connect(
        poll.timer.get(), &QTimer::timeout, m_context.running.get(), [this, uuid, key] {
            auto it = m_heldPolls.find(uuid);
            if (it == m_heldPolls.end())
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
                m_heldPolls.erase(it);
        });
    armPollTimer(poll, uuid);
    m_heldPolls[uuid].push_back(std::move(poll));
}

void FakeWeChat::armPollTimer(HeldPoll &poll, const QString &uuid)
{
    // Wake at the deadline, or just after the QR dies if that comes first.
    const QrCode &qr = m_qrCodes[uuid];
    const qint64 now = nowMs();
    const qint64 untilExpiry = qr.createdMs + m_context.options.qrTtlMs - now + 1;
    const qint64 wait = std::max<qint64>(0, std::min(poll.deadlineMs - now, untilExpiry));
    poll.timer->start(int(wait));
}

void FakeWeChat::confirmPage(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    using S = QrStatus;
    const bool post = req.method == "POST";
    const QUrlQuery form = post ? req.formBody() : req.query;
    const QString uuid = form.queryItemValue(QStringLiteral("uuid"), QUrl::FullyDecoded);
    auto it = m_qrCodes.find(uuid);
    if (it == m_qrCodes.end()) {
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

} // namespace WeChatLogin::SandboxInternal
