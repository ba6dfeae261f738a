// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login: the window, or one command-line verb. The verbs run on a QCoreApplication
// and never map QtWidgets, QtGui or QtWebEngine: the window comes from
// libwechat-login-window.so, and only the sign-in verb, doctor's page check and the
// window's sign-in helper (`sign-in-helper`, a child of the window) load QtWebEngine
// (through the sign-in plugin); the window itself never does.

#include "appcontext.h"
#include "applogging.h"
#include "loginprocesswire_p.h" // auth/
#include "signinhelper.h"
#include "signinloader.h"
#include "terminalqr.h" // its style names: inline, no libqrencode
#include "verbs.h"
#include "windowplugin.h"
#include <WeChatLogin/wechatlogin_version.h>

// Qt
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <unistd.h>

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

// Whether a window could be shown here: a display, or a platform someone chose.
bool hasDisplay()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    return !qEnvironmentVariableIsEmpty("DISPLAY")
           || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
           || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
#else
    return true;
#endif
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
    parser.addOption(
        {QStringLiteral("json"),
         QCoreApplication::translate(
             "main",
             "status, token, session, doctor: print one JSON document (schema 1); watch and "
             "sign-in --terminal: one per event.")});
    parser.addOption(
        {QStringLiteral("browser"),
         QCoreApplication::translate("main", "sign-in: in your own browser instead of the "
                                             "dialog (no display needed to start it).")});
    parser.addOption(
        {QStringLiteral("terminal"),
         QCoreApplication::translate("main", "sign-in: draw WeChat's QR code in this terminal "
                                             "(chosen by itself when there is no display).")});
    parser.addOption(
        {QStringLiteral("window"),
         QCoreApplication::translate("main", "sign-in: the dialog, even when there is no "
                                             "display.")});
    parser.addOption(
        {QStringLiteral("qr-style"),
         QCoreApplication::translate("main", "sign-in --terminal: how the QR code is drawn: "
                                             "half (default), blocks, or ascii (no colour, no "
                                             "UTF-8; dark text on a light background)."),
         QStringLiteral("style")});
    parser.addOption(
        {QStringLiteral("no-open"),
         QCoreApplication::translate("main", "sign-in --browser: only print the address to "
                                             "open, do not start a browser.")});
    parser.addOption(
        {QStringLiteral("min-ttl"),
         QCoreApplication::translate("main", "token: refresh first when the access token has "
                                             "less than this many seconds left."),
         QStringLiteral("seconds")});
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
    qCDebug(lcApp, "phase: main");
    // Our own info lines are for people chasing a problem (QT_LOGGING_RULES turns them on).
    QLoggingCategory::setFilterRules(
        QStringLiteral("wechatlogin.*.info=false\nqt.webenginecontext.info=false"));
    QCoreApplication::setApplicationName(QStringLiteral("wechat-login"));
    QCoreApplication::setOrganizationName(QStringLiteral("wechat-login"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WECHATLOGIN_VERSION_STRING));

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
    qCDebug(lcApp, "phase: settings read");
    // The command decides the kind of application (an option's value is never one).
    const QString verb = early.positionalArguments().value(0);
    if (!verb.isEmpty()) {
        keepStderrForOwnMessages(); // before Qt has anything to say
        // A verb says what happened in its own sentences; the libraries' warnings are for
        // people chasing a problem, who turn them on with QT_LOGGING_RULES (read after
        // these rules, so it wins).
        QLoggingCategory::setFilterRules(
            QStringLiteral("wechatlogin.*.info=false\nwechatlogin.*.warning=false\n"
                           "qt.webenginecontext.info=false"));
    }
    const bool browser =
        early.isSet(QStringLiteral("browser")) || early.isSet(QStringLiteral("no-open"));
    // sign-in draws the QR in the terminal when asked to, or when nothing could show the
    // dialog: no display (an ssh session without X forwarding) and no platform chosen.
    const bool terminalChosen = verb == QLatin1String("sign-in") && !browser
                                && !early.isSet(QStringLiteral("window"))
                                && !early.isSet(QStringLiteral("terminal")) && !hasDisplay();
    const bool terminal = verb == QLatin1String("sign-in") && !browser
                          && !early.isSet(QStringLiteral("window"))
                          && (early.isSet(QStringLiteral("terminal")) || terminalChosen);
    // The page runs headless: no window may show, and no display is needed.
    if (terminal && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // A window where none can be shown: said in a sentence, not Qt's abort at start-up.
    const bool noWindowPossible =
        !hasDisplay()
        && (verb.isEmpty()
            || (verb == QLatin1String("sign-in") && early.isSet(QStringLiteral("window"))));
    const bool gui = (verb.isEmpty() || Verbs::needsGui(verb, browser)) && !noWindowPossible;
    // The window's sign-in helper takes everything from the window, on stdin, not from the
    // command line or the settings (signinhelper.h).
    const bool helper = verb == QLatin1String(SignInHelper::Verb);
    LoginProcessWire::Request helperRequest; // why not is said once translations are loaded
    const bool helperReady = helper && LoginProcessWire::readRequest(STDIN_FILENO, &helperRequest);
    // doctor loads the sign-in page in QtWebEngine and never shows a window: offscreen,
    // so it also works over ssh and under cron.
    if (verb == QLatin1String("doctor") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const bool helpOrVersion = early.isSet(QStringLiteral("help"))
                               || early.isSet(QStringLiteral("version"))
                               || early.isSet(QStringLiteral("help-all"));

    std::unique_ptr<QCoreApplication> app;
    WindowPlugin *window = nullptr;
    if (gui && parsed && !helpOrVersion) {
        // A custom-scheme redirect needs its scheme registered before QtWebEngine and the
        // application exist; only then is the sign-in plugin loaded this early.
        const QUrl redirect =
            helper ? helperRequest.config.redirectUrl() : QUrl(config.redirectTo());
        if ((helper ? helperReady : configOk && !config.isSandbox()) && redirect.isValid()
            && redirect.scheme() != QLatin1String("http")
            && redirect.scheme() != QLatin1String("https")) {
            QString why;
            if (SignInPlugin *plugin = signInPlugin(&why))
                plugin->registerUrlScheme(redirect.scheme());
        }
        // QtWebEngine arrives later, in a plugin: it needs shared GL contexts set now.
        QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
        QString why;
        window = windowPlugin(&why);
        if (!window) {
            QTextStream(stderr) << why << Qt::endl;
            return Verbs::NotSignedIn;
        }
        app.reset(window->createApplication(argc, argv));
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    qCDebug(lcApp, "phase: application created");
    if (configOk) // the proxy and CA certificates, before any request or QtWebEngine profile
        config.network().apply();
    if (!verb.isEmpty())
        keepChildProcessesQuiet();
    AppConfig::applyLanguage(configOk ? config.language() : QString());
    qCDebug(lcApp, "phase: translations loaded");
    QCommandLineParser parser;
    setUpParser(parser);
    if (!parser.parse(arguments)) // an unknown option is a usage error like any other: 2
        return usageError(parser.errorText());
    parser.process(arguments); // --help, --help-all and --version print and exit here
    // completion needs no settings (a broken INI file must not break the shell's startup).
    if (verb == QLatin1String("completion")) {
        const QStringList positional = parser.positionalArguments();
        if (positional.size() != 2)
            return usageError(QCoreApplication::translate(
                "main", "completion needs one shell: bash, zsh or fish."));
        return Verbs::completion(positional.at(1));
    }
    if (noWindowPossible && !helper)
        return usageError(
            verb.isEmpty()
                ? QCoreApplication::translate(
                    "main", "The window needs a display, and there is none here (no DISPLAY "
                            "or WAYLAND_DISPLAY, e.g. over ssh). To sign in from this "
                            "terminal, run \"wechat-login sign-in\".")
                : QCoreApplication::translate(
                    "main", "--window needs a display, and there is none here (no DISPLAY or "
                            "WAYLAND_DISPLAY, e.g. over ssh). Without --window, sign-in draws "
                            "the QR code in this terminal."));
    if (helper) {
        if (!helperReady) {
            QTextStream(stderr) << SignInHelper::notByHand() << Qt::endl;
            return Verbs::Usage;
        }
        return SignInHelper::run(helperRequest);
    }
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
    if ((parser.isSet(QStringLiteral("browser")) || parser.isSet(QStringLiteral("no-open")))
        && verb != QLatin1String("sign-in"))
        return usageError(
            QCoreApplication::translate("main", "--browser and --no-open only apply to sign-in."));
    const bool terminalSet = parser.isSet(QStringLiteral("terminal"));
    const bool windowSet = parser.isSet(QStringLiteral("window"));
    if ((terminalSet || windowSet || parser.isSet(QStringLiteral("qr-style")))
        && verb != QLatin1String("sign-in"))
        return usageError(QCoreApplication::translate(
            "main", "--terminal, --window and --qr-style only apply to sign-in."));
    if (int(terminalSet) + int(windowSet) + int(browser) > 1)
        return usageError(QCoreApplication::translate(
            "main", "Choose one way to sign in: --terminal, --window or --browser."));
    if (parser.isSet(QStringLiteral("qr-style"))) {
        if (!terminal)
            return usageError(QCoreApplication::translate(
                "main", "--qr-style only applies to sign-in --terminal."));
        if (!TerminalQr::styleNamed(parser.value(QStringLiteral("qr-style"))))
            return usageError(
                QCoreApplication::translate("main", "--qr-style is one of %1, not \"%2\".")
                    .arg(TerminalQr::styleNames().join(QStringLiteral(", ")),
                         parser.value(QStringLiteral("qr-style"))));
    }
    if (parser.isSet(QStringLiteral("json"))
        && !QStringList{QStringLiteral("status"), QStringLiteral("token"),
                        QStringLiteral("session"), QStringLiteral("watch"),
                        QStringLiteral("doctor")}
                .contains(verb)
        && !terminal)
        return usageError(QCoreApplication::translate(
            "main", "--json only applies to status, token, session, watch, doctor and sign-in "
                    "--terminal."));
    if (parser.isSet(QStringLiteral("min-ttl"))) {
        if (verb != QLatin1String("token"))
            return usageError(
                QCoreApplication::translate("main", "--min-ttl only applies to token."));
        bool ok = false;
        const int minTtl = parser.value(QStringLiteral("min-ttl")).toInt(&ok);
        if (!ok || minTtl < 0 || minTtl > 24 * 3600)
            return usageError(QCoreApplication::translate(
                                  "main", "--min-ttl needs a whole number of seconds from 0 to "
                                          "86400, not \"%1\".")
                                  .arg(parser.value(QStringLiteral("min-ttl"))));
    }

    bool timeoutOk = false;
    const double timeout = parser.value(QStringLiteral("timeout")).toDouble(&timeoutOk);
    if (!timeoutOk || timeout <= 0 || timeout > 24 * 3600)
        return usageError(QCoreApplication::translate(
                              "main", "--timeout needs a positive number of seconds, not \"%1\".")
                              .arg(parser.value(QStringLiteral("timeout"))));

    int code = Verbs::Ok;
    {
        AppContext context(config);
        // watch runs until interrupted, unless a --timeout is given.
        const bool unbounded =
            verb == QLatin1String("watch") && !parser.isSet(QStringLiteral("timeout"));
        context.setDeadline(unbounded ? QDeadlineTimer(QDeadlineTimer::Forever)
                                      : QDeadlineTimer(qint64(timeout * 1000)));
        const bool started = context.start(&error);
        qCDebug(lcApp, "phase: context started");
        if (!started) {
            QTextStream(stderr) << error << Qt::endl;
            code = Verbs::NotSignedIn;
        } else if (verb.isEmpty()) {
            return window->runWindow(&context);
        } else {
            Verbs::SignInOptions signIn;
            signIn.terminal = terminal;
            signIn.terminalChosen = terminalChosen;
            code = Verbs::run(verb, context, parser, signIn);
        }
    }
    app.reset();
    if (gui) // QtWebEngine's helpers and the window system get the usual teardown
        return code;
    // A verb's work is done and written (its replies have finished, its keychain writes
    // with them): what remains is the libraries' teardown at exit (GLib's D-Bus worker,
    // libsecret), which costs a script calling `token` before every request ~1.5 ms.
    std::fflush(nullptr);
    std::_Exit(code);
}
