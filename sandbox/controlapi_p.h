// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SANDBOX_CONTROLAPI_P_H
#define WECHATLOGIN_SANDBOX_CONTROLAPI_P_H

#include "httpexchange.h"
#include "sandboxcontext_p.h"

// Qt
#include <QHash>
#include <QJsonArray>
#include <QJsonValue>

#include <functional>
#include <vector>

namespace WeChatLogin::SandboxInternal {

class FakeGoTrue;
class FakeWeChat;

struct Fault
{
    QString path;
    int status = 0;
    int count = 1;
    int delayMs = 0;
    bool drop = false;
    bool dropAfter = false; // served, then the connection closed without the answer
    int retryAfter = 0;     // seconds, sent as Retry-After with the status
    QJsonValue body;        // served verbatim when set
};

/*
 * The sandbox's own API under /sandbox/ on both origins (not part of the real servers):
 * driving QR codes as the phone would, injecting faults into the next requests of a path,
 * and the log of every request received, secrets redacted.
 */
class ControlApi
{
public:
    ControlApi(const SandboxContext &context, FakeWeChat &wechat, const FakeGoTrue &gotrue);

    // Every request, as it arrives and as it ends (also the one-line log on stderr).
    void recordStarted(const Exchange &ex);
    void recordFinished(const Exchange &ex, const Response *response);
    void forgetUnfinished(); // at stop(): cut-off exchanges never finish

    void handle(const ExchangePtr &ex); // a /sandbox/ call
    // When a fault is armed for the request's path: applies it (route() serves a request
    // that is only delayed) and returns true.
    bool applyFault(const ExchangePtr &ex, const std::function<void(const ExchangePtr &)> &route);

private:
    Response faultResponse(const Request &req, const Fault &fault) const;
    Response faultBody(const Request &req, const Fault &fault) const;
    void handleFaults(const ExchangePtr &ex);

    const SandboxContext &m_context;
    FakeWeChat &m_wechat;
    const FakeGoTrue &m_gotrue;
    std::vector<Fault> m_faults;
    QJsonArray m_requestLog;
    QHash<const Exchange *, int> m_logIndex;
};

} // namespace WeChatLogin::SandboxInternal

#endif
