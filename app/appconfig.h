// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_APPCONFIG_H
#define WECHATLOGIN_APP_APPCONFIG_H

#include "networksettings.h"
#include <WeChatLogin/authconfig.h>

// Qt
#include <QCoreApplication>
#include <QHash>
#include <QLocale>
#include <QStringList>

class QCommandLineParser;

namespace WeChatLogin {

/*
 * wechat-login's settings, from the command line over the environment over the INI
 * file in the standard config location. Nothing configured means sandbox mode.
 */
class AppConfig
{
    Q_DECLARE_TR_FUNCTIONS(WeChatLogin::AppConfig)
public:
    enum class Source { Default, File, Environment, CommandLine };

    // Adds --url, --anon-key, --redirect-to, --provider, --lang, --trust-host, --proxy,
    // --ca-file and --auto-confirm-ms to a parser.
    static void addOptions(QCommandLineParser &parser);
    // Resolves every source. On a bad setting returns false with a message that names
    // the setting and where it came from.
    bool load(const QCommandLineParser &parser, QString *error);

    bool isSandbox() const { return m_url.isEmpty() && m_anonKey.isEmpty(); }
    // The connection; in sandbox mode call withSandbox() first.
    AuthConfig authConfig() const { return m_auth; }
    // Fills the connection in from an in-process sandbox's origins.
    void withSandbox(const QUrl &authUrl, const QString &anonKey, const QUrl &wechatUrl);

    QString url() const { return m_url; }
    QString anonKey() const { return m_anonKey; }
    QString redirectTo() const { return m_redirectTo; }
    QString provider() const { return m_provider; }
    QStringList trustHosts() const { return m_trustHosts; }
    // "zh_CN", "en", or empty: follow the system.
    QString language() const { return m_language; }
    QLocale locale() const { return localeFor(m_language); }
    // The locale of a language setting ("zh_CN", "en", or empty: the system's).
    static QLocale localeFor(const QString &language);
    // Installs the translations for language ("zh_CN", "en", or "" for the system's), at
    // once (LanguageChange to every widget).
    static void applyLanguage(const QString &language);
    static QString appliedLanguage(); // what applyLanguage() last installed
    qint64 autoConfirmMs() const { return m_autoConfirmMs; }
    // The proxy and extra CA certificates (apply() them once the application exists).
    const NetworkSettings &network() const { return m_network; }
    Source source(const QString &key) const { return m_sources.value(key, Source::Default); }
    // The settings the command line or the environment set, which the INI file cannot
    // change, e.g. "--url / WECHAT_LOGIN_URL" (the sandbox's --auto-confirm-ms aside).
    QStringList overriddenSettings() const;

    // Where the INI file lives (~/.config/wechat-login/wechat-login.ini on Linux).
    static QString filePath();
    // Writes the connection and language to the INI file.
    static bool save(const QString &url, const QString &anonKey, const QString &redirectTo,
                     const QString &provider, const QStringList &trustHosts,
                     const QString &language, QString *error);

    static constexpr char KeychainService[] = "wechat-login";
    static constexpr char SandboxStorageKey[] = "sb-sandbox-auth-token";

    // Where a setting came from, for messages: "--url", "WECHAT_LOGIN_URL" or
    // "connection/url in <file>".
    QString describe(const QString &key) const;

private:
    QString m_url, m_anonKey, m_redirectTo, m_provider, m_language;
    QStringList m_trustHosts;
    qint64 m_autoConfirmMs = 0;
    QHash<QString, Source> m_sources;
    AuthConfig m_auth;
    NetworkSettings m_network;
};

} // namespace WeChatLogin

#endif
