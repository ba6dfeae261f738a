// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TRUSTEDHOSTS_H
#define WECHATLOGIN_TRUSTEDHOSTS_H

#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QList>
#include <QStringList>
#include <QUrl>

namespace WeChatLogin {

/*
 * Where the sign-in page may go: the project's own origin (scheme, host and port exactly)
 * and a list of entries, each "host", "host:port", "[IPv6]" or "[IPv6]:port". A bare host
 * means its https origin (port 443); with a port, http or https on that port. Host names
 * compare case-insensitively, IP addresses as addresses (so ::1 and 0:0:0:0:0:0:0:1 are one).
 * A value type, without any web engine.
 */
class WECHATLOGIN_AUTH_EXPORT TrustedHosts
{
public:
    TrustedHosts() = default;
    TrustedHosts(const QUrl &projectUrl, const QStringList &entries);

    bool contains(const QUrl &url) const;

    // Empty when entry is a host with an optional port; otherwise why not (English, for
    // the message that names the setting).
    static QString entryError(const QString &entry);

private:
    struct Entry
    {
        QString host;  // lower case; an IPv6 address without brackets
        int port = -1; // -1: none given (https, 443)
    };
    static bool parse(const QString &entry, Entry *out);
    static bool sameHost(const QString &a, const QString &b);

    QUrl m_project;
    QList<Entry> m_entries;
};

} // namespace WeChatLogin

#endif
