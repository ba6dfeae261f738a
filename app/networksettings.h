// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_NETWORKSETTINGS_H
#define WECHATLOGIN_APP_NETWORKSETTINGS_H

// Qt
#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QNetworkProxy>
#include <QSslCertificate>
#include <QString>

namespace WeChatLogin {

/*
 * How wechat-login reaches the network: the proxy (the system's by default, or one given
 * with --proxy, WECHAT_LOGIN_PROXY or the INI key, or none) and extra CA certificates for
 * the API calls (--ca-file). apply() sets them for the whole process: Qt Network's
 * application proxy, which QtWebEngine also uses, and the default TLS configuration. TLS
 * errors are never ignored; a certificate only counts when it is in a CA list.
 */
class NetworkSettings
{
    Q_DECLARE_TR_FUNCTIONS(WeChatLogin::NetworkSettings)
public:
    enum class ProxyMode { System, Direct, Explicit };

    // "" or "system": the system's settings; "direct" or "none": no proxy;
    // http://[user[:password]@]host:port or socks5://[user[:password]@]host:port.
    // False with why (never showing a password) for anything else.
    bool setProxy(const QString &text, QString *why);
    // Reads PEM or DER certificates from path; false with why when none can be read: a
    // regular file of at most MaxCaFileBytes, PEM or DER; a FIFO, device or directory is
    // refused at once (never waited on or read without end).
    static constexpr qint64 MaxCaFileBytes = 8 << 20;
    bool setCaFile(const QString &path, QString *why);

    ProxyMode proxyMode() const { return m_mode; }
    QNetworkProxy proxy() const { return m_proxy; }
    // "http://proxy.example:3128" (a user name shown, a password never), "direct", "system".
    QString proxyText() const;
    QString caFile() const { return m_caFile; }
    // The certificates of caFile() (parse only once the application exists).
    QList<QSslCertificate> caCertificates() const;

    // For the whole process; call once the application exists and before the first
    // request and the first QtWebEngine profile.
    void apply() const;

private:
    ProxyMode m_mode = ProxyMode::System;
    QNetworkProxy m_proxy;
    QString m_caFile;
    QByteArray m_caData;
};

} // namespace WeChatLogin

#endif
