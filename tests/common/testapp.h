// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTAPP_H
#define WECHATLOGIN_TESTS_TESTAPP_H

// Header-only helpers for the tests of wechat-login (tests that include it link
// WeChatLoginApp).

#include <appconfig.h>

// Qt
#include <QCommandLineParser>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace WeChatLogin::Test {

// wechat-login's settings for these arguments (with the environment and INI file as
// they are); false with the message for a bad one.
inline bool loadAppConfig(const QStringList &args, AppConfig *config, QString *error)
{
    QCommandLineParser parser;
    AppConfig::addOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("wechat-login")} + args)) {
        *error = parser.errorText();
        return false;
    }
    return config->load(parser, error);
}

// Watches which shared objects a process loads, dlopen() included: give its environment
// to the process, then read libraries() once it has run.
class LoadedLibraries
{
public:
    void addTo(QProcessEnvironment &env) const
    {
        env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
        env.insert(QStringLiteral("LD_DEBUG_OUTPUT"), m_dir.filePath(QStringLiteral("ld")));
    }
    QStringList libraries() const
    {
        static const QRegularExpression object(QStringLiteral("file=(\\S+)"));
        QStringList found;
        for (const QFileInfo &file : QDir(m_dir.path()).entryInfoList(QDir::Files)) {
            QFile in(file.absoluteFilePath());
            if (!in.open(QIODevice::ReadOnly))
                continue;
            auto it = object.globalMatch(QString::fromUtf8(in.readAll()));
            while (it.hasNext())
                found << it.next().captured(1);
        }
        return found;
    }

private:
    QTemporaryDir m_dir;
};

inline bool loadsWebEngine(const QStringList &libraries)
{
    return !libraries.filter(QStringLiteral("WebEngine")).isEmpty();
}

// Starts the wechat-login window, waits for its signed-in page (it logs the page when
// wechatlogin.app info lines are on), then closes it. Returns the libraries it loaded;
// empty when it never showed the page (*log says what it printed).
inline QStringList runWindowUntilSignedIn(const QString &app, const QStringList &args,
                                          QProcessEnvironment env, QString *log)
{
    LoadedLibraries loaded;
    loaded.addTo(env);
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("wechatlogin.app.info=true"));
    QProcess window;
    window.setProcessEnvironment(env);
    window.start(app, args);
    const bool signedIn =
        QTest::qWaitFor(
            [&] {
                *log += QString::fromUtf8(window.readAllStandardError());
                return log->contains(QLatin1String("page: WeChatLogin::MainWindow::Page::SignedIn"))
                       || window.state() == QProcess::NotRunning;
            },
            30000)
        && log->contains(QLatin1String("page: WeChatLogin::MainWindow::Page::SignedIn"));
    window.terminate();
    if (!QTest::qWaitFor([&] { return window.state() == QProcess::NotRunning; }, 10000)) {
        window.kill();
        window.waitForFinished();
    }
    return signedIn ? loaded.libraries() : QStringList();
}

} // namespace WeChatLogin::Test

#endif
