// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_SESSIONFOLLOW_P_H
#define WECHATLOGIN_SESSIONFOLLOW_P_H

// Qt
#include <QObject>
#include <QStringList>
#include <QTimer>

class QDBusMessage;

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
    QStringList collections() const { return m_collections; } // the ones it listens to

Q_SIGNALS:
    void changed();

private Q_SLOTS:
    void onItemSignal(const QDBusMessage &signal);
    void onCollectionCreated(const QDBusMessage &signal);

private:
    QTimer m_settle;
    QTimer m_poll;
    QStringList m_collections;

    void subscribe(const QString &collection);
};

} // namespace WeChatLogin::Internal

#endif
