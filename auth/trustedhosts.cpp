// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "trustedhosts.h"

// Qt
#include <QHostAddress>
#include <QRegularExpression>

namespace WeChatLogin {

namespace {

int defaultPort(const QUrl &url)
{
    return url.scheme() == QLatin1String("https") ? 443 : 80;
}

bool isHttp(const QUrl &url)
{
    return url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
}

} // namespace

TrustedHosts::TrustedHosts(const QUrl &projectUrl, const QStringList &entries)
    : m_project(projectUrl)
{
    for (const QString &text : entries) {
        Entry entry;
        if (parse(text, &entry))
            m_entries << entry;
    }
}

bool TrustedHosts::parse(const QString &text, Entry *out)
{
    const QString entry = text.trimmed();
    QString host = entry;
    QString port;
    if (entry.startsWith(u'[')) { // [IPv6] or [IPv6]:port
        const int close = int(entry.indexOf(u']'));
        if (close < 0)
            return false;
        host = entry.mid(1, close - 1);
        const QString rest = entry.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(u':'))
                return false;
            port = rest.mid(1);
        }
        if (QHostAddress(host).protocol() != QAbstractSocket::IPv6Protocol)
            return false;
    } else if (entry.count(u':') > 1) { // a bare IPv6 address, no port
        if (QHostAddress(entry).protocol() != QAbstractSocket::IPv6Protocol)
            return false;
    } else {
        const int colon = int(entry.indexOf(u':'));
        if (colon >= 0) {
            host = entry.left(colon);
            port = entry.mid(colon + 1);
        }
        static const QRegularExpression name(
            QStringLiteral("^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*"
                           "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"));
        if (!name.match(host).hasMatch())
            return false;
    }
    int number = -1;
    if (!port.isNull()) {
        bool ok = false;
        number = port.toInt(&ok);
        if (!ok || number < 1 || number > 65535)
            return false;
    }
    if (out)
        *out = {host.toLower(), number};
    return true;
}

QString TrustedHosts::entryError(const QString &entry)
{
    if (parse(entry, nullptr))
        return QString();
    return QStringLiteral("\"%1\" is not a host name or address with an optional port "
                          "(HOST, HOST:PORT, [IPv6] or [IPv6]:PORT)")
        .arg(entry.trimmed());
}

bool TrustedHosts::sameHost(const QString &a, const QString &b)
{
    const QHostAddress left(a);
    const QHostAddress right(b);
    if (!left.isNull() || !right.isNull()) // ::1 and 127.0.0.1 are different hosts
        return left.isEqual(right, QHostAddress::StrictConversion);
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

bool TrustedHosts::contains(const QUrl &url) const
{
    if (!isHttp(url) || url.host().isEmpty() || !url.userInfo().isEmpty())
        return false;
    if (m_project.isValid() && url.scheme() == m_project.scheme()
        && sameHost(url.host(), m_project.host())
        && url.port(defaultPort(url)) == m_project.port(defaultPort(m_project)))
        return true;
    for (const Entry &entry : m_entries) {
        if (!sameHost(url.host(), entry.host))
            continue;
        if (entry.port < 0) {
            if (url.scheme() == QLatin1String("https") && url.port(443) == 443)
                return true;
        } else if (url.port(defaultPort(url)) == entry.port) {
            return true;
        }
    }
    return false;
}

} // namespace WeChatLogin
