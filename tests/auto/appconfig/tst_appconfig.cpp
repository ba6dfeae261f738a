// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// AppConfig: command line over environment over the INI file; every bad setting named.

#include "testapp.h"
#include <appconfig.h>

// Qt
#include <QCommandLineParser>
#include <QFile>
#include <QScopeGuard>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace WeChatLogin;

class tst_AppConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void nothingConfiguredIsSandbox();
    void fileThenEnvironmentThenCommandLine();
    void badSettingsAreNamed_data();
    void badSettingsAreNamed();
    void settingsFileThatIsNoIni_data();
    void settingsFileThatIsNoIni();
    void settingsFileWithBomAndCrLf();
    void ipv6TrustedHosts();
    void saveThenLoad();
    void sandboxConnection();
    void overriddenSettings();

private:
    bool load(const QStringList &args, AppConfig *config, QString *error);
    void writeFile(const QByteArray &text);
    QTemporaryDir m_home;
};

static const QString Key = QStringLiteral("sb_publishable_test0123456789");

void tst_AppConfig::initTestCase()
{
    QVERIFY(m_home.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.path()));
}

void tst_AppConfig::init()
{
    QFile::remove(AppConfig::filePath());
    for (const char *name :
         {"WECHAT_LOGIN_URL", "WECHAT_LOGIN_ANON_KEY", "WECHAT_LOGIN_REDIRECT_TO"})
        qunsetenv(name);
}

bool tst_AppConfig::load(const QStringList &args, AppConfig *config, QString *error)
{
    return WeChatLogin::Test::loadAppConfig(args, config, error);
}

void tst_AppConfig::writeFile(const QByteArray &text)
{
    QVERIFY(AppConfig::filePath().startsWith(m_home.path()));
    QDir().mkpath(QFileInfo(AppConfig::filePath()).absolutePath());
    QFile file(AppConfig::filePath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

void tst_AppConfig::nothingConfiguredIsSandbox()
{
    // The file QSettings keeps for the app (the path is worked out without reading it).
    QCOMPARE(AppConfig::filePath(),
             QSettings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("wechat-login"),
                       QStringLiteral("wechat-login"))
                 .fileName());
    AppConfig config;
    QString error;
    QVERIFY2(load({}, &config, &error), qPrintable(error));
    QVERIFY(config.isSandbox());
    QVERIFY(load({QStringLiteral("--auto-confirm-ms"), QStringLiteral("500")}, &config, &error));
    QCOMPARE(config.autoConfirmMs(), 500);
    QCOMPARE(AppConfig::filePath(),
             m_home.path() + QStringLiteral("/wechat-login/wechat-login.ini"));
}

void tst_AppConfig::fileThenEnvironmentThenCommandLine()
{
    writeFile("[connection]\nurl=https://file.baseapi.memfiredb.com\nanon_key=" + Key.toLatin1()
              + "\nredirect_to=https://file.example.com/cb\ntrust_hosts=a.example.com, "
                "b.example.com:8443\n[ui]\nlanguage=en\n");
    AppConfig config;
    QString error;
    QVERIFY2(load({}, &config, &error), qPrintable(error));
    QVERIFY(!config.isSandbox());
    QCOMPARE(config.url(), QStringLiteral("https://file.baseapi.memfiredb.com"));
    QCOMPARE(config.source(QStringLiteral("url")), AppConfig::Source::File);
    QCOMPARE(config.trustHosts(),
             QStringList({QStringLiteral("a.example.com"), QStringLiteral("b.example.com:8443")}));
    QVERIFY(config.authConfig().trustedHosts().contains(QStringLiteral("b.example.com:8443")));
    QCOMPARE(config.language(), QStringLiteral("en"));

    qputenv("WECHAT_LOGIN_URL", "https://env.baseapi.memfiredb.com");
    QVERIFY2(load({}, &config, &error), qPrintable(error));
    QCOMPARE(config.url(), QStringLiteral("https://env.baseapi.memfiredb.com"));
    QCOMPARE(config.source(QStringLiteral("url")), AppConfig::Source::Environment);
    QCOMPARE(config.redirectTo(),
             QStringLiteral("https://file.example.com/cb")); // still the file's

    QVERIFY2(load({QStringLiteral("--url"), QStringLiteral("https://cli.baseapi.memfiredb.com"),
                   QStringLiteral("--lang"), QStringLiteral("zh_CN"),
                   QStringLiteral("--trust-host"), QStringLiteral("c.example.com"),
                   QStringLiteral("--trust-host"), QStringLiteral("d.example.com")},
                  &config, &error),
             qPrintable(error));
    QCOMPARE(config.url(), QStringLiteral("https://cli.baseapi.memfiredb.com"));
    QCOMPARE(config.authConfig().projectUrl(),
             QUrl(QStringLiteral("https://cli.baseapi.memfiredb.com")));
    QCOMPARE(config.source(QStringLiteral("url")), AppConfig::Source::CommandLine);
    QCOMPARE(config.trustHosts(),
             QStringList({QStringLiteral("c.example.com"), QStringLiteral("d.example.com")}));
    QCOMPARE(config.locale().language(), QLocale::Chinese);
    QCOMPARE(config.authConfig().redirectUrl(),
             QUrl(QStringLiteral("https://file.example.com/cb")));
    // A single-valued option given twice: the last one wins.
    QVERIFY2(load({QStringLiteral("--redirect-to"), QStringLiteral("https://a.example.com/cb"),
                   QStringLiteral("--redirect-to"), QStringLiteral("myapp://callback")},
                  &config, &error),
             qPrintable(error));
    QCOMPARE(config.authConfig().redirectUrl(), QUrl(QStringLiteral("myapp://callback")));
}

void tst_AppConfig::badSettingsAreNamed_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QByteArray>("envUrl");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    const QString url = QStringLiteral("https://x.baseapi.memfiredb.com");
    QTest::newRow("url without key") << QByteArray() << QByteArray() << QStringList{"--url", url}
                                     << "--url is set but the anon key is missing";
    QTest::newRow("key without url (file)")
        << QByteArray("[connection]\nanon_key=" + Key.toLatin1()) << QByteArray() << QStringList{}
        << "connection/anon_key in " + AppConfig::filePath()
               + " is set but the project's URL is missing";
    QTest::newRow("bad url (env)") << QByteArray() << QByteArray("ftp://x")
                                   << QStringList{"--anon-key", Key} << "WECHAT_LOGIN_URL: ";
    QTest::newRow("plain http") << QByteArray() << QByteArray()
                                << QStringList{"--url", "http://x.example.com", "--anon-key", Key}
                                << "--url: the project URL must use https://";
    QTest::newRow("secret key") << QByteArray() << QByteArray()
                                << QStringList{"--url", url, "--anon-key", "sb_secret_abcdef"}
                                << "--anon-key: ";
    QTest::newRow("bad redirect") << QByteArray() << QByteArray()
                                  << QStringList{"--url",         url,  "--anon-key", Key,
                                                 "--redirect-to", "/cb"}
                                  << "--redirect-to: \"/cb\" is not an absolute URL";
    QTest::newRow("bad provider") << QByteArray() << QByteArray()
                                  << QStringList{"--url", url,          "--anon-key",
                                                 Key,     "--provider", "we chat"}
                                  << "--provider: ";
    QTest::newRow("bad language") << QByteArray() << QByteArray() << QStringList{"--lang", "fr"}
                                  << "--lang: \"fr\" is not a supported language";
    QTest::newRow("bad language (file)")
        << QByteArray("[ui]\nlanguage=de") << QByteArray() << QStringList{}
        << "ui/language in " + AppConfig::filePath();
    QTest::newRow("bad trust host")
        << QByteArray() << QByteArray() << QStringList{"--trust-host", "http://x.com/"}
        << "--trust-host: \"http://x.com/\" is not a host name";
    QTest::newRow("trust host port")
        << QByteArray() << QByteArray() << QStringList{"--trust-host", "x.com:70000"}
        << "--trust-host: \"x.com:70000\"";
    QTest::newRow("auto-confirm configured")
        << QByteArray() << QByteArray()
        << QStringList{"--url", url, "--anon-key", Key, "--auto-confirm-ms", "100"}
        << "--auto-confirm-ms only applies to sandbox mode";
    QTest::newRow("auto-confirm not a number")
        << QByteArray() << QByteArray() << QStringList{"--auto-confirm-ms", "soon"}
        << "--auto-confirm-ms: \"soon\" is not a number";
    QTest::newRow("javascript: redirect")
        << QByteArray() << QByteArray()
        << QStringList{"--url", url, "--anon-key", Key, "--redirect-to", "javascript:alert(1)"}
        << "--redirect-to: the redirect URL \"javascript:alert(1)\" must be https://";
    QTest::newRow("file: redirect")
        << QByteArray() << QByteArray()
        << QStringList{"--url", url, "--anon-key", Key, "--redirect-to", "file:///etc/passwd"}
        << "--redirect-to: the redirect URL \"file:///etc/passwd\" must be https://";
    QTest::newRow("plain http redirect")
        << QByteArray() << QByteArray() << QStringList{"--url",         url,
                                                       "--anon-key",    Key,
                                                       "--redirect-to", "http://app.example.com/cb"}
        << "--redirect-to: the redirect URL \"http://app.example.com/cb\" must use https://";
    QTest::newRow("password in url")
        << QByteArray() << QByteArray()
        << QStringList{"--url", "https://admin:hunter2@x.baseapi.memfiredb.com", "--anon-key", Key}
        << "--url: the project URL must not contain a user name or password";
    QTest::newRow("password in an unparsable url")
        << QByteArray() << QByteArray()
        << QStringList{"--url", "https://admin:hunter2@x y", "--anon-key", Key}
        << "--url: \"https://***@x y\" is not a URL";
    QTest::newRow("password in redirect")
        << QByteArray() << QByteArray()
        << QStringList{"--url",         url,
                       "--anon-key",    Key,
                       "--redirect-to", "https://admin:hunter2@app.example.com/cb"}
        << "--redirect-to: the redirect URL must not contain a user name or password";
    QTest::newRow("bad ipv6 trust host")
        << QByteArray() << QByteArray() << QStringList{"--trust-host", "[::1:8443"}
        << "--trust-host: \"[::1:8443\" is not a host name";
    QTest::newRow("redirect without project")
        << QByteArray() << QByteArray() << QStringList{"--redirect-to", "https://a.example.com/cb"}
        << "--redirect-to is set but no project is configured";
}

void tst_AppConfig::badSettingsAreNamed()
{
    QFETCH(QByteArray, file);
    QFETCH(QByteArray, envUrl);
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    if (!file.isEmpty())
        writeFile(file);
    if (!envUrl.isEmpty())
        qputenv("WECHAT_LOGIN_URL", envUrl);
    AppConfig config;
    QString error;
    QVERIFY(!load(args, &config, &error));
    QVERIFY2(error.startsWith(expected), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("hunter2")), qPrintable(error)); // never a password
}

// A settings file that is none is named, never read as "nothing configured" (which meant
// sandbox mode), never waited on, never read without end.
void tst_AppConfig::settingsFileThatIsNoIni_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: see kind
    QTest::addColumn<QString>("kind");       // "" (a file), "fifo", "directory", "huge"
    QTest::addColumn<QString>("why");
    QTest::newRow("binary (a PNG)") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << QString()
                                    << QStringLiteral("is not UTF-8 text");
    QTest::newRow("NUL bytes") << QByteArray("[connection]\nurl=a\0b", 20) << QString()
                               << QStringLiteral("line 2 holds a control character");
    QTest::newRow("escape sequences") << QByteArray("[connection]\n\x1b[2Jurl=x\n") << QString()
                                      << QStringLiteral("line 2 holds a control character");
    QTest::newRow("prose") << QByteArray("[connection]\nurl=https://x.example\nhello world\n")
                           << QString() << QStringLiteral("line 3 is neither [section] nor");
    QTest::newRow("a FIFO") << QByteArray() << QStringLiteral("fifo")
                            << QStringLiteral("is not a regular file");
    QTest::newRow("a directory") << QByteArray() << QStringLiteral("directory")
                                 << QStringLiteral("is not a regular file");
    QTest::newRow("2 MiB") << QByteArray() << QStringLiteral("huge")
                           << QStringLiteral("is larger than 1024 KiB");
}

void tst_AppConfig::settingsFileThatIsNoIni()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, kind);
    QFETCH(QString, why);
    const QString path = AppConfig::filePath();
    QVERIFY(path.startsWith(m_home.path()));
    QDir().mkpath(QFileInfo(path).absolutePath());
    auto removeAll = qScopeGuard([path] {
        QDir(path).removeRecursively();
        QFile::remove(path);
    });
    if (kind == QLatin1String("fifo")) {
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    } else if (kind == QLatin1String("directory")) {
        QVERIFY(QDir().mkpath(path));
    } else if (kind == QLatin1String("huge")) {
        writeFile("[connection]\n");
        QFile file(path);
        QVERIFY(file.resize(2 << 20));
    } else {
        writeFile(content);
    }
    AppConfig config;
    QString error;
    QVERIFY(!load({}, &config, &error));
    QVERIFY2(error.startsWith(QStringLiteral("The settings file %1 cannot be used: ").arg(path)),
             qPrintable(error));
    QVERIFY2(error.contains(why), qPrintable(error));
}

// What editors write: a byte-order mark and Windows line ends are fine.
void tst_AppConfig::settingsFileWithBomAndCrLf()
{
    writeFile(
        "\xEF\xBB\xBF; mine\r\n[connection]\r\nurl=https://x.baseapi.memfiredb.com\r\nanon_key="
        + Key.toLatin1() + "\r\n");
    AppConfig config;
    QString error;
    QVERIFY2(load({}, &config, &error), qPrintable(error));
    QVERIFY(!config.isSandbox());
}

void tst_AppConfig::ipv6TrustedHosts()
{
    AppConfig config;
    QString error;
    QVERIFY2(load({QStringLiteral("--url"), QStringLiteral("https://x.baseapi.memfiredb.com"),
                   QStringLiteral("--anon-key"), Key, QStringLiteral("--trust-host"),
                   QStringLiteral("[::1]:8443"), QStringLiteral("--trust-host"),
                   QStringLiteral("2001:db8::1")},
                  &config, &error),
             qPrintable(error));
    const AuthConfig auth = config.authConfig();
    QVERIFY(auth.isTrustedUrl(QUrl(QStringLiteral("http://[::1]:8443/page"))));
    QVERIFY(auth.isTrustedUrl(QUrl(QStringLiteral("https://[2001:db8::1]/page"))));
    QVERIFY(!auth.isTrustedUrl(QUrl(QStringLiteral("http://127.0.0.1:8443/page"))));
    // And an IPv6 project URL (a local GoTrue).
    QVERIFY2(load({QStringLiteral("--url"), QStringLiteral("http://[::1]:9999"),
                   QStringLiteral("--anon-key"), Key},
                  &config, &error),
             qPrintable(error));
    QCOMPARE(config.authConfig().authBaseUrl(), QUrl(QStringLiteral("http://[::1]:9999/auth/v1")));
}

void tst_AppConfig::saveThenLoad()
{
    QString error;
    QVERIFY(AppConfig::save(QStringLiteral("https://s.baseapi.memfiredb.com"), Key,
                            QStringLiteral("https://s.example.com/cb"), QString(),
                            {QStringLiteral("s.example.com")}, QStringLiteral("zh_CN"), &error));
    AppConfig config;
    QVERIFY2(load({}, &config, &error), qPrintable(error));
    QCOMPARE(config.url(), QStringLiteral("https://s.baseapi.memfiredb.com"));
    QCOMPARE(config.anonKey(), Key);
    QCOMPARE(config.trustHosts(), QStringList{QStringLiteral("s.example.com")});
    QCOMPARE(config.language(), QStringLiteral("zh_CN"));
    QCOMPARE(config.source(QStringLiteral("provider")), AppConfig::Source::Default);
    // Clearing the connection brings the sandbox back.
    QVERIFY(AppConfig::save(QString(), QString(), QString(), QString(), {}, QString(), &error));
    QVERIFY2(load({}, &config, &error), qPrintable(error));
    QVERIFY(config.isSandbox());
}

void tst_AppConfig::sandboxConnection()
{
    AppConfig config;
    QString error;
    QVERIFY(load({QStringLiteral("--trust-host"), QStringLiteral("extra.example.com")}, &config,
                 &error));
    config.withSandbox(QUrl(QStringLiteral("http://127.0.0.1:4000")), Key,
                       QUrl(QStringLiteral("http://127.0.0.1:4001")));
    const AuthConfig auth = config.authConfig();
    QCOMPARE(auth.validate().kind(), AuthError::Kind::NoError);
    QCOMPARE(auth.storageKey(), QLatin1String(AppConfig::SandboxStorageKey));
    QCOMPARE(auth.redirectUrl(),
             QUrl(QStringLiteral("http://127.0.0.1:4000/wechat-login/callback")));
    QCOMPARE(auth.trustedHosts(),
             QStringList({QStringLiteral("127.0.0.1:4001"), QStringLiteral("extra.example.com")}));
}

// What the settings dialog says the INI file cannot change.
void tst_AppConfig::overriddenSettings()
{
    writeFile("[connection]\nurl=https://file.baseapi.memfiredb.com\nprovider=wechat_qr\n");
    qputenv("WECHAT_LOGIN_ANON_KEY", Key.toLatin1());
    AppConfig config;
    QString error;
    QVERIFY2(load({QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--trust-host"),
                   QStringLiteral("a.example.com")},
                  &config, &error),
             qPrintable(error));
    QCOMPARE(config.overriddenSettings(),
             QStringList({QStringLiteral("--anon-key / WECHAT_LOGIN_ANON_KEY"),
                          QStringLiteral("--trust-host"), QStringLiteral("--lang")}));
}

QTEST_GUILESS_MAIN(tst_AppConfig)
#include "tst_appconfig.moc"
