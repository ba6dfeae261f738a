// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "networksettings.h"

// Qt
#include <QFile>
#include <QNetworkProxyFactory>
#include <QSslConfiguration>
#include <QUrl>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace WeChatLogin {

bool NetworkSettings::setProxy(const QString &text, QString *why)
{
    const QString value = text.trimmed();
    if (value.isEmpty() || value == QLatin1String("system")) {
        m_mode = ProxyMode::System;
        m_proxy = QNetworkProxy();
        return true;
    }
    if (value == QLatin1String("direct") || value == QLatin1String("none")) {
        m_mode = ProxyMode::Direct;
        m_proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        return true;
    }
    const QUrl url(value, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    const bool http = scheme == QLatin1String("http");
    const bool socks = scheme == QLatin1String("socks5") || scheme == QLatin1String("socks5h");
    if (!url.isValid() || url.host().isEmpty() || (!http && !socks)) {
        *why = tr("\"%1\" is not a proxy: use http://HOST:PORT, socks5://HOST:PORT, direct or "
                  "system.")
                   .arg(url.isValid() ? url.toString(QUrl::RemovePassword) : QStringLiteral("…"));
        return false;
    }
    if (url.port() <= 0) {
        *why = tr("the proxy %1 has no port: use %2://HOST:PORT.")
                   .arg(url.toString(QUrl::RemovePassword), scheme);
        return false;
    }
    if (!url.path().isEmpty() && url.path() != QLatin1String("/")) {
        *why = tr("the proxy %1 has a path; a proxy is only HOST:PORT.")
                   .arg(url.toString(QUrl::RemovePassword));
        return false;
    }
    m_mode = ProxyMode::Explicit;
    m_proxy = QNetworkProxy(http ? QNetworkProxy::HttpProxy : QNetworkProxy::Socks5Proxy,
                            url.host(), quint16(url.port()), url.userName(), url.password());
    return true;
}

QString NetworkSettings::proxyText() const
{
    switch (m_mode) {
    case ProxyMode::System:
        return QStringLiteral("system");
    case ProxyMode::Direct:
        return QStringLiteral("direct");
    case ProxyMode::Explicit:
        break;
    }
    QUrl url;
    url.setScheme(m_proxy.type() == QNetworkProxy::Socks5Proxy ? QStringLiteral("socks5")
                                                               : QStringLiteral("http"));
    url.setHost(m_proxy.hostName());
    url.setPort(m_proxy.port());
    url.setUserName(m_proxy.user());
    return url.toString();
}

bool NetworkSettings::setCaFile(const QString &path, QString *why)
{
    m_caFile = path;
    m_caData.clear();
    if (path.isEmpty())
        return true;
    // Opened without blocking (a FIFO would wait for a writer forever) and read only if it
    // is a regular file of a CA bundle's size (/dev/zero would be read until memory ends).
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *why = tr("the CA file %1 cannot be read: %2")
                   .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    QFile file;
    struct stat info = {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        *why =
            tr("the CA file %1 is not a regular file (a directory, a device or a pipe).").arg(path);
        return false;
    }
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        *why = tr("the CA file %1 cannot be read: %2").arg(path, file.errorString());
        return false;
    }
    // Parsed once the application exists (Qt's TLS backend is a plugin); checked here.
    const QByteArray data = file.read(MaxCaFileBytes + 1);
    if (data.size() > MaxCaFileBytes) {
        *why = tr("the CA file %1 is larger than %2 MiB, which no CA bundle is.")
                   .arg(path)
                   .arg(MaxCaFileBytes / (qint64(1024) * 1024));
        return false;
    }
    const bool pem = data.contains("-----BEGIN CERTIFICATE-----");
    const bool der = data.size() > 4 && quint8(data.at(0)) == 0x30;
    if (!pem && !der) {
        *why = tr("the CA file %1 holds no certificate (PEM or DER).").arg(path);
        return false;
    }
    m_caData = data;
    return true;
}

QList<QSslCertificate> NetworkSettings::caCertificates() const
{
    if (m_caData.isEmpty())
        return {};
    QList<QSslCertificate> certificates = QSslCertificate::fromData(m_caData, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(m_caData, QSsl::Der);
    return certificates;
}

void NetworkSettings::apply() const
{
    switch (m_mode) {
    case ProxyMode::System:
        // http_proxy, https_proxy, no_proxy (and the desktop's settings where Qt reads them);
        // QtWebEngine follows the same system configuration.
        QNetworkProxyFactory::setUseSystemConfiguration(true);
        break;
    case ProxyMode::Direct:
    case ProxyMode::Explicit:
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        QNetworkProxy::setApplicationProxy(m_proxy);
        break;
    }
    const QList<QSslCertificate> extra = caCertificates();
    if (!extra.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(extra);
        QSslConfiguration::setDefaultConfiguration(tls);
    } else if (!m_caFile.isEmpty()) {
        qWarning("the CA file %s holds no certificate Qt can read", qPrintable(m_caFile));
    }
}

} // namespace WeChatLogin
