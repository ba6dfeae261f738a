// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// A small Qt Quick app signing in with WeChat through the QML module `WeChatLogin`: Main.qml
// is the whole app; this file only loads it.
//   wechatlogin-quick-example <project-url> <anon-key> [trusted-host:port]
// (The installed module needs no import path; in the build tree, QML_IMPORT_PATH=<build>/qml.)

#include <QGuiApplication>
#include <QQmlApplicationEngine>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("wechatlogin-quick-example"));
    const QStringList args = app.arguments();
    if (args.size() < 3)
        return 2;
    QQmlApplicationEngine engine;
    engine.setInitialProperties({{QStringLiteral("projectUrl"), args.at(1)},
                                 {QStringLiteral("anonKey"), args.at(2)},
                                 {QStringLiteral("trustedHost"), args.value(3)}});
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
        [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/WeChatLoginExample/Main.qml")));
    return QGuiApplication::exec();
}
