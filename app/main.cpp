// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login: the window, or one command-line verb. Only the window's sign-in and the
// sign-in verb load QtWebEngine (through the sign-in plugin).

#include "appcontext.h"
#include "applogging.h"
#include "mainwindow.h"
#include "settingsdialog.h"
#include "signinloader.h"
#include "verbs.h"
#include <WeChatLogin/translations.h>
#include <WeChatLogin/wechatlogin_version.h>

// Qt
#include <QApplication>
#include <QCommandLineParser>
#include <QLoggingCategory>
#include <QTextStream>

#include <memory>

using namespace WeChatLogin;

namespace {

int usageError(const QString &message)
{
    QTextStream(stderr) << message << Qt::endl
                        << QCoreApplication::translate("main",
                                                       "Run \"wechat-login --help\" for usage.")
                        << Qt::endl;
    return Verbs::Usage;
}

void setUpParser(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Sign in with WeChat (MemFire Auth), keep the session in the system keychain, "
                "and hand access tokens to scripts. With nothing configured it runs against a "
                "built-in sandbox."));
    AppConfig::addOptions(parser);
    parser.addOption({QStringLiteral("all"),
                      QCoreApplication::translate("main", "sign-out: sign out on every device.")});
    parser.addOption({QStringLiteral("json"),
                      QCoreApplication::translate("main", "session: print JSON (the default).")});
    parser.addOption(
        {QStringLiteral("timeout"),
         QCoreApplication::translate("main", "Commands: give up after this many seconds and exit "
                                             "3 (default %1).")
             .arg(Verbs::DefaultTimeoutSeconds),
         QStringLiteral("seconds"), QString::number(Verbs::DefaultTimeoutSeconds)});
    parser.addPositionalArgument(QStringLiteral("command"), Verbs::description(),
                                 QStringLiteral("[command]"));
    parser.addHelpOption();
    parser.addVersionOption();
}

} // namespace

int main(int argc, char *argv[])
{
    // Our own info lines are for people chasing a problem (QT_LOGGING_RULES turns them on).
    QLoggingCategory::setFilterRules(
        QStringLiteral("wechatlogin.*.info=false\nqt.webenginecontext.info=false"));
    QCoreApplication::setApplicationName(QStringLiteral("wechat-login"));
    QCoreApplication::setOrganizationName(QStringLiteral("wechat-login"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WECHATLOGIN_VERSION_STRING));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.wechatlogin.WeChatLogin"));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    // Parsed once before the application exists (the settings decide its kind and the
    // language), then again with translated help texts.
    QCommandLineParser early;
    setUpParser(early);
    const bool parsed = early.parse(arguments);
    AppConfig config;
    QString error;
    const bool configOk = parsed && config.load(early, &error);
    // The command decides the kind of application (an option's value is never one).
    const QString verb = early.positionalArguments().value(0);
    if (!verb.isEmpty())
        keepStderrForOwnMessages(); // before Qt has anything to say
    const bool gui = verb.isEmpty() || Verbs::needsGui(verb);
    const bool helpOrVersion = early.isSet(QStringLiteral("help"))
                               || early.isSet(QStringLiteral("version"))
                               || early.isSet(QStringLiteral("help-all"));

    std::unique_ptr<QCoreApplication> app;
    if (gui && parsed && !helpOrVersion) {
        // A custom-scheme redirect needs its scheme registered before QtWebEngine and the
        // application exist; only then is the sign-in plugin loaded this early.
        const QUrl redirect(config.redirectTo());
        if (configOk && !config.isSandbox() && redirect.isValid()
            && redirect.scheme() != QLatin1String("http")
            && redirect.scheme() != QLatin1String("https")) {
            QString why;
            if (SignInPlugin *plugin = signInPlugin(&why))
                plugin->registerUrlScheme(redirect.scheme());
        }
        // QtWebEngine arrives later, in a plugin: it needs shared GL contexts set now.
        QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
        app = std::make_unique<QApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    if (!verb.isEmpty())
        keepChildProcessesQuiet();
    SettingsDialog::applyLanguage(configOk ? config.language() : QString());
    QCommandLineParser parser;
    setUpParser(parser);
    if (!parser.parse(arguments)) // an unknown option is a usage error like any other: 2
        return usageError(parser.errorText());
    parser.process(arguments); // --help, --help-all and --version print and exit here
    if (!configOk)
        return usageError(error);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return usageError(
            QCoreApplication::translate("main", "Unexpected argument: %1").arg(positional.at(1)));
    if (!positional.isEmpty() && !Verbs::names().contains(positional.first()))
        return usageError(
            QCoreApplication::translate("main", "Unknown command: %1").arg(positional.first()));
    if (parser.isSet(QStringLiteral("all")) && verb != QLatin1String("sign-out"))
        return usageError(QCoreApplication::translate("main", "--all only applies to sign-out."));
    if (parser.isSet(QStringLiteral("json")) && verb != QLatin1String("session"))
        return usageError(QCoreApplication::translate("main", "--json only applies to session."));

    bool timeoutOk = false;
    const double timeout = parser.value(QStringLiteral("timeout")).toDouble(&timeoutOk);
    if (!timeoutOk || timeout <= 0 || timeout > 24 * 3600)
        return usageError(QCoreApplication::translate(
                              "main", "--timeout needs a positive number of seconds, not \"%1\".")
                              .arg(parser.value(QStringLiteral("timeout"))));

    AppContext context(config);
    context.setDeadline(QDeadlineTimer(qint64(timeout * 1000)));
    if (!context.start(&error)) {
        QTextStream(stderr) << error << Qt::endl;
        return Verbs::NotSignedIn;
    }

    if (verb == QLatin1String("status"))
        return Verbs::status(context);
    if (verb == QLatin1String("token"))
        return Verbs::token(context);
    if (verb == QLatin1String("session"))
        return Verbs::session(context);
    if (verb == QLatin1String("sign-out"))
        return Verbs::signOut(context, parser.isSet(QStringLiteral("all")));
    if (verb == QLatin1String("sign-in"))
        return Verbs::signIn(context);

    MainWindow window(&context);
    window.show();
    return app->exec();
}
