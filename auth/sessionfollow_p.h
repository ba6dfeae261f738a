// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_SESSIONFOLLOW_P_H
#define WECHATLOGIN_SESSIONFOLLOW_P_H

// Qt
#include "secretservice_p.h"

// Qt
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace WeChatLogin::Internal {

/*
 * Tells when the keychain may hold something new: the Secret Service's ItemCreated,
 * ItemChanged and ItemDeleted signals of every collection, those created later included
 * (settled for SettleMs, a write being several calls), and a slow poll for keychains
 * without signals (KWallet's own API, Windows, macOS).
 */
class KeychainSignals : public QObject
{
    Q_OBJECT
public:
    static constexpr int SettleMs = 150;
    static constexpr int PollMs = 30000;

    explicit KeychainSignals(QObject *parent);
    QStringList collections() const; // the ones it listens to (none: polling only)

Q_SIGNALS:
    void changed();

private:
    QTimer m_settle;
    QTimer m_poll;
    SecretService::ItemWatch *m_watch = nullptr;
};

} // namespace WeChatLogin::Internal

#endif
