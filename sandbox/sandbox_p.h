// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SANDBOX_SANDBOX_P_H
#define WECHATLOGIN_SANDBOX_SANDBOX_P_H

#include "controlapi_p.h"
#include "fakegotrue_p.h"
#include "fakewechat_p.h"
#include "httpexchange.h"
#include "sandbox.h"
#include "sandboxcontext_p.h"
#include "virtualusers_p.h"

#include <memory>

namespace WeChatLogin {

/*
 * A Sandbox is its parts: the fake GoTrue on the auth origin, the fake WeChat on the
 * WeChat origin, the control API on both, and the virtual users they share. This class
 * owns the two listeners and sends each request to its part.
 */
class SandboxPrivate
{
    Q_DECLARE_PUBLIC(Sandbox)
public:
    SandboxPrivate(Sandbox *q, const SandboxOptions &options);

    void dispatch(const SandboxInternal::ExchangePtr &ex);

    Sandbox *q_ptr;
    SandboxInternal::SandboxContext context;
    SandboxInternal::VirtualUsers users;
    SandboxInternal::FakeWeChat wechat;
    SandboxInternal::FakeGoTrue gotrue;
    SandboxInternal::ControlApi control;
    std::unique_ptr<SandboxInternal::HttpServer> authServer;
    std::unique_ptr<SandboxInternal::HttpServer> wechatServer;
};

} // namespace WeChatLogin

#endif
