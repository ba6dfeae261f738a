// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "appconfig.h"
#include <WeChatLogin/autherror.h>
#include <WeChatLogin/translations.h>
#include <WeChatLogin/trustedhosts.h>

// Qt
#include <QCommandLineParser>
#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QStringDecoder>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace WeChatLogin {

namespace {

struct Key
{
    const char *name;   // INI key (in [connection]) and the sources' table key
    const char *option; // command-line option
    const char *env;    // environment variable, or null
};

constexpr Key Keys[] = {
    {"url", "url", "WECHAT_LOGIN_URL"},
    {"anon_key", "anon-key", "WECHAT_LOGIN_ANON_KEY"},
    {"redirect_to", "redirect-to", "WECHAT_LOGIN_REDIRECT_TO"},
    {"provider", "provider", nullptr},
    {"trust_hosts", "trust-host", nullptr},
    {"language", "lang", nullptr},
    {"auto_confirm_ms", "auto-confirm-ms", nullptr},
    {"proxy", "proxy", "WECHAT_LOGIN_PROXY"},
    {"ca_file", "ca-file", "WECHAT_LOGIN_CA_FILE"},
};

// Where QSettings keeps the app's INI file (user scope, organization and application
// "wechat-login"), worked out without QSettings, which reads the file as it is made.
QString settingsPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QStringLiteral("/wechat-login/wechat-login.ini");
}

QSettings settingsFile()
{
    return QSettings(settingsPath(), QSettings::IniFormat);
}

// A URL as given, for a message: any user name or password replaced by ***.
QString redacted(const QString &text)
{
    static const QRegularExpression userInfo(QStringLiteral("^([^:/?#]*:)?//[^/?#]*@"));
    QString shown = text;
    const QRegularExpressionMatch m = userInfo.match(shown);
    if (m.hasMatch())
        shown.replace(0, int(m.capturedLength()), m.captured(1) + QStringLiteral("//***@"));
    return shown;
}

QString iniGroup(const QString &key)
{
    return key == QLatin1String("language") ? QStringLiteral("ui") : QStringLiteral("connection");
}

// QSettings reads anything as INI and makes "no settings" of what it cannot understand,
// which would silently mean sandbox mode. The file must be a regular text file of INI lines
// of a settings file's size; why says what it is instead (the file's name is added).
constexpr qint64 MaxSettingsBytes = 1 << 20;

bool isIniText(const QString &path, QString *why)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT; // none: nothing configured
    struct stat info = {};
    QFile file;
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)
        || !file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        *why = AppConfig::tr("it is not a regular file");
        return false;
    }
    const QByteArray data = file.read(MaxSettingsBytes + 1);
    if (data.size() > MaxSettingsBytes) {
        *why = AppConfig::tr("it is larger than %1 KiB, which no settings file is")
                   .arg(MaxSettingsBytes / 1024);
        return false;
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(data);
    if (utf8.hasError()) {
        *why = AppConfig::tr("it is not UTF-8 text");
        return false;
    }
    const QStringList lines =
        (text.startsWith(QChar(0xFEFF)) ? text.mid(1) : text).split(u'\n'); // a BOM is fine
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString line = lines.at(n).trimmed();
        for (const QChar c : line) {
            if (c.category() == QChar::Other_Control && c != u'\t') {
                *why = AppConfig::tr("line %1 holds a control character (binary data)").arg(n + 1);
                return false;
            }
        }
        if (line.isEmpty() || line.startsWith(u';') || line.startsWith(u'#')
            || (line.startsWith(u'[') && line.endsWith(u']')) || line.indexOf(u'=') > 0)
            continue;
        *why = AppConfig::tr("line %1 is neither [section] nor key = value").arg(n + 1);
        return false;
    }
    return true;
}

} // namespace

void AppConfig::addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("url"),
         tr("The MemFire project's URL, e.g. https://<ref>.baseapi.memfiredb.com."),
         QStringLiteral("URL")},
        {QStringLiteral("anon-key"),
         tr("The project's anon key (public; never the service_role key)."), QStringLiteral("KEY")},
        {QStringLiteral("redirect-to"),
         tr("Where the sign-in returns; must be in the project's redirect URL list."),
         QStringLiteral("URL")},
        {QStringLiteral("provider"), tr("The auth provider (default wechat_qr)."),
         QStringLiteral("NAME")},
        {QStringLiteral("lang"), tr("The interface language: zh_CN or en."),
         QStringLiteral("LANG")},
        {QStringLiteral("trust-host"),
         tr("Another host the login page may navigate to (repeatable)."),
         QStringLiteral("HOST[:PORT]")},
        {QStringLiteral("proxy"),
         tr("The proxy: http://HOST:PORT, socks5://HOST:PORT (user:password@ if it asks), "
            "direct, or system (the default: http_proxy, https_proxy, no_proxy)."),
         QStringLiteral("URL")},
        {QStringLiteral("ca-file"),
         tr("More CA certificates (PEM) to trust for the API calls, e.g. a corporate CA."),
         QStringLiteral("FILE")},
        {QStringLiteral("auto-confirm-ms"),
         tr("Sandbox mode: the virtual phone scans and confirms each QR after this many "
            "milliseconds."),
         QStringLiteral("MS")},
    });
}

QString AppConfig::filePath()
{
    return settingsPath();
}

QString AppConfig::describe(const QString &key) const
{
    for (const Key &k : Keys) {
        if (key != QLatin1String(k.name))
            continue;
        switch (source(key)) {
        case Source::CommandLine:
            return QStringLiteral("--") + QLatin1String(k.option);
        case Source::Environment:
            return QLatin1String(k.env);
        case Source::File:
            return tr("%1 in %2").arg(iniGroup(key) + u'/' + key, filePath());
        case Source::Default:
            return QStringLiteral("--") + QLatin1String(k.option);
        }
    }
    return key;
}

QLocale AppConfig::localeFor(const QString &language)
{
    if (language == QLatin1String("zh_CN"))
        return QLocale(QLocale::Chinese, QLocale::China);
    if (language == QLatin1String("en"))
        return QLocale(QLocale::English, QLocale::UnitedStates);
    return QLocale::system();
}

namespace {
QString g_language; // what applyLanguage() last installed
}

void AppConfig::applyLanguage(const QString &language)
{
    g_language = language;
    const QLocale locale = localeFor(language);
    QLocale::setDefault(locale);
    loadTranslations(locale);
}

QString AppConfig::appliedLanguage()
{
    return g_language;
}

QStringList AppConfig::overriddenSettings() const
{
    QStringList overridden;
    for (const Key &k : Keys) {
        const Source s = source(QLatin1String(k.name));
        if ((s != Source::CommandLine && s != Source::Environment)
            || qstrcmp(k.name, "auto_confirm_ms") == 0)
            continue;
        QString name = QStringLiteral("--") + QLatin1String(k.option);
        if (k.env)
            name += QStringLiteral(" / ") + QLatin1String(k.env);
        overridden << name;
    }
    return overridden;
}

bool AppConfig::load(const QCommandLineParser &parser, QString *error)
{
    QHash<QString, QString> values;
    m_sources.clear();
    // Lowest first: file, then environment, then the command line.
    QString notIni;
    if (!isIniText(filePath(), &notIni)) {
        *error = tr("The settings file %1 cannot be used: %2. Correct or remove it.")
                     .arg(filePath(), notIni);
        return false;
    }
    QSettings file = settingsFile();
    for (const Key &k : Keys) {
        const QString name = QLatin1String(k.name);
        const QVariant v = file.value(iniGroup(name) + u'/' + name);
        const QString text = v.typeId() == QMetaType::QStringList ? v.toStringList().join(u',')
                                                                  : v.toString().trimmed();
        if (!text.isEmpty()) {
            values.insert(name, text);
            m_sources.insert(name, Source::File);
        }
    }
    if (file.status() != QSettings::NoError) {
        *error = tr("The settings file %1 cannot be read.").arg(filePath());
        return false;
    }
    for (const Key &k : Keys) {
        if (k.env && qEnvironmentVariableIsSet(k.env)) {
            values.insert(QLatin1String(k.name), qEnvironmentVariable(k.env).trimmed());
            m_sources.insert(QLatin1String(k.name), Source::Environment);
        }
    }
    for (const Key &k : Keys) {
        const QString option = QLatin1String(k.option);
        if (parser.optionNames().contains(option) && parser.isSet(option)) {
            // Repeatable --trust-host adds up; for the others the last one given wins.
            const QStringList all = parser.values(option);
            values.insert(
                QLatin1String(k.name),
                (qstrcmp(k.name, "trust_hosts") == 0 ? all.join(u',') : all.last()).trimmed());
            m_sources.insert(QLatin1String(k.name), Source::CommandLine);
        }
    }

    m_url = values.value(QStringLiteral("url"));
    m_anonKey = values.value(QStringLiteral("anon_key"));
    m_redirectTo = values.value(QStringLiteral("redirect_to"));
    m_provider = values.value(QStringLiteral("provider"));
    m_language = values.value(QStringLiteral("language"));
    m_trustHosts.clear();
    const QStringList hosts =
        values.value(QStringLiteral("trust_hosts")).split(u',', Qt::SkipEmptyParts);
    for (const QString &h : hosts) {
        const QString host = h.trimmed();
        if (!TrustedHosts::entryError(host).isEmpty()) {
            *error = tr("%1: \"%2\" is not a host name or IP address with an optional port "
                        "(HOST, HOST:PORT, [IPv6] or [IPv6]:PORT).")
                         .arg(describe(QStringLiteral("trust_hosts")), redacted(host));
            return false;
        }
        m_trustHosts << host;
    }

    QString why;
    m_network = NetworkSettings();
    if (!m_network.setProxy(values.value(QStringLiteral("proxy")), &why)) {
        *error = describe(QStringLiteral("proxy")) + QStringLiteral(": ") + why;
        return false;
    }
    if (!m_network.setCaFile(values.value(QStringLiteral("ca_file")), &why)) {
        *error = describe(QStringLiteral("ca_file")) + QStringLiteral(": ") + why;
        return false;
    }

    if (!m_language.isEmpty() && m_language != QLatin1String("zh_CN")
        && m_language != QLatin1String("en")) {
        *error = tr("%1: \"%2\" is not a supported language; use zh_CN or en.")
                     .arg(describe(QStringLiteral("language")), m_language);
        return false;
    }
    m_autoConfirmMs = 0;
    const QString autoConfirm = values.value(QStringLiteral("auto_confirm_ms"));
    if (!autoConfirm.isEmpty()) {
        bool ok = false;
        m_autoConfirmMs = autoConfirm.toLongLong(&ok);
        if (!ok || m_autoConfirmMs < 1 || m_autoConfirmMs > 600000) {
            *error = tr("%1: \"%2\" is not a number of milliseconds between 1 and 600000.")
                         .arg(describe(QStringLiteral("auto_confirm_ms")), autoConfirm);
            return false;
        }
    }

    if (isSandbox()) {
        for (const QString &key : {QStringLiteral("redirect_to"), QStringLiteral("provider")}) {
            if (!values.value(key).isEmpty()) {
                *error = tr("%1 is set but no project is configured: set the project's URL and "
                            "anon key too (--url and --anon-key, WECHAT_LOGIN_URL and "
                            "WECHAT_LOGIN_ANON_KEY, or %2), or remove it to use the sandbox.")
                             .arg(describe(key), filePath());
                return false;
            }
        }
        return true;
    }
    if (m_autoConfirmMs > 0) {
        *error = tr("%1 only applies to sandbox mode (nothing configured); a real WeChat "
                    "account confirms on a real phone.")
                     .arg(describe(QStringLiteral("auto_confirm_ms")));
        return false;
    }
    if (m_url.isEmpty() || m_anonKey.isEmpty()) {
        const QString missing =
            m_url.isEmpty() ? QStringLiteral("url") : QStringLiteral("anon_key");
        const QString given = m_url.isEmpty() ? QStringLiteral("anon_key") : QStringLiteral("url");
        *error = m_url.isEmpty()
                     ? tr("%1 is set but the project's URL is missing: set --url, "
                          "WECHAT_LOGIN_URL or url in %2.")
                           .arg(describe(given), filePath())
                     : tr("%1 is set but the anon key is missing: set --anon-key, "
                          "WECHAT_LOGIN_ANON_KEY or anon_key in %2 (MemFire: the project's API "
                          "settings).")
                           .arg(describe(given), filePath());
        Q_UNUSED(missing)
        return false;
    }
    const QUrl url(m_url, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty()) {
        *error = tr("%1: \"%2\" is not a URL like https://<ref>.baseapi.memfiredb.com.")
                     .arg(describe(QStringLiteral("url")), redacted(m_url));
        return false;
    }
    if (!url.userInfo().isEmpty()) {
        *error = tr("%1: the project URL must not contain a user name or password; the anon "
                    "key is the only credential it needs.")
                     .arg(describe(QStringLiteral("url")));
        return false;
    }
    m_auth = AuthConfig(url, m_anonKey);
    if (!m_redirectTo.isEmpty()) {
        const QUrl redirect(m_redirectTo, QUrl::StrictMode);
        if (!redirect.isValid() || redirect.scheme().isEmpty() || redirect.isRelative()) {
            *error = tr("%1: \"%2\" is not an absolute URL.")
                         .arg(describe(QStringLiteral("redirect_to")), redacted(m_redirectTo));
            return false;
        }
        m_auth.setRedirectUrl(redirect);
    }
    if (!m_provider.isEmpty())
        m_auth.setProvider(m_provider);
    if (!m_trustHosts.isEmpty())
        m_auth.setTrustedHosts(AuthConfig::defaultTrustedHosts() + m_trustHosts);
    const AuthError invalid = m_auth.validate();
    if (invalid.kind() != AuthError::Kind::NoError) {
        // Which setting: validate the pieces one at a time (the message is translated).
        const auto fails = [](const AuthConfig &c) {
            return c.validate().kind() != AuthError::Kind::NoError;
        };
        AuthConfig base(url, m_anonKey);
        QString setting = QStringLiteral("trust_hosts");
        if (fails(AuthConfig(url, QStringLiteral("sb_publishable_placeholder"))))
            setting = QStringLiteral("url");
        else if (fails(base))
            setting = QStringLiteral("anon_key");
        else if (base.setProvider(m_auth.provider()), fails(base))
            setting = QStringLiteral("provider");
        else if (base.setRedirectUrl(m_auth.redirectUrl()), fails(base))
            setting = QStringLiteral("redirect_to");
        *error = describe(setting) + QStringLiteral(": ") + invalid.message();
        return false;
    }
    return true;
}

void AppConfig::withSandbox(const QUrl &authUrl, const QString &anonKey, const QUrl &wechatUrl)
{
    m_auth = AuthConfig(authUrl, anonKey);
    // Any loopback path is in the sandbox's allow list; it is intercepted, never fetched.
    m_auth.setRedirectUrl(authUrl.resolved(QUrl(QStringLiteral("/wechat-login/callback"))));
    m_auth.setTrustedHosts(QStringList{wechatUrl.authority()} + m_trustHosts);
    m_auth.setStorageKey(QLatin1String(SandboxStorageKey));
}

bool AppConfig::save(const QString &url, const QString &anonKey, const QString &redirectTo,
                     const QString &provider, const QStringList &trustHosts,
                     const QString &language, QString *error)
{
    QSettings file = settingsFile();
    auto put = [&file](const QString &key, const QString &value) {
        const QString path = iniGroup(key) + u'/' + key;
        if (value.trimmed().isEmpty())
            file.remove(path);
        else
            file.setValue(path, value.trimmed());
    };
    put(QStringLiteral("url"), url);
    put(QStringLiteral("anon_key"), anonKey);
    put(QStringLiteral("redirect_to"), redirectTo);
    put(QStringLiteral("provider"), provider);
    put(QStringLiteral("trust_hosts"), trustHosts.join(u','));
    put(QStringLiteral("language"), language);
    file.sync();
    if (file.status() != QSettings::NoError) {
        *error = tr("The settings could not be written to %1.").arg(filePath());
        return false;
    }
    return true;
}

} // namespace WeChatLogin
