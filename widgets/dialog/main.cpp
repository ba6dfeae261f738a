// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login-dialog: LoginDialog in its own process, for LoginProcess (loginprocess.h).

#include "loginprocesschild_p.h"

int main(int argc, char *argv[])
{
    return WeChatLogin::LoginProcessChild::main(argc, argv);
}
