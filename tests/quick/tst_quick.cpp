// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The QML module's Qt Quick Test runner: tst_*.qml in this directory, each with `sandbox`,
// a real sandbox over loopback in this process, and the real keychain (ctest runs it in a
// private keyring). `sandbox.playBrowser(url)` is a person's browser: it follows a sign-in's
// /authorize URL, confirms on the virtual phone and goes back to where GoTrue sends it.

#include "testhttp.h"
#include "testkeychain.h"

// Qt
#include <QFile>
#include <QQmlContext>
#include <QQmlEngine>
#include <QtQuickTest>

#include <memory>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

class SandboxForQml : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QUrl authUrl READ authUrl CONSTANT)
    Q_PROPERTY(QString anonKey READ anonKey CONSTANT)
    Q_PROPERTY(QString wechatHost READ wechatHost CONSTANT)
    Q_PROPERTY(QString keychainService READ keychainService CONSTANT)
    Q_PROPERTY(QString dialogProgram READ dialogProgram CONSTANT)
public:
    QString dialogProgram() const { return QStringLiteral(DIALOG_PATH); }
    QUrl authUrl() const { return m_fixture.sandbox().authUrl(); }
    QString anonKey() const { return m_fixture.sandbox().anonKey(); }
    QString wechatHost() const { return m_fixture.sandbox().wechatUrl().authority(); }
    QString keychainService() const { return QStringLiteral("wechatlogin-quick-tests"); }

    // The browser's part of a sign-in started at url; true when the app's loopback
    // listener answered the browser's return.
    Q_INVOKABLE bool playBrowser(const QUrl &url)
    {
        const HttpResult back = m_fixture.followSignIn(url);
        if (back.status != 302) {
            qWarning() << "playBrowser: GoTrue's callback answered" << back.status;
            return false;
        }
        Http browser;
        const HttpResult landed = browser.get(back.location());
        if (landed.status != 200)
            qWarning() << "playBrowser: the app's listener answered" << landed.status
                       << back.location().toString(QUrl::RemoveQuery);
        return landed.status == 200;
    }
    // The virtual phone scans and confirms the newest QR; false if there is none.
    Q_INVOKABLE bool confirmNewestQr()
    {
        const QString uuid = m_fixture.sandbox().latestQrUuid();
        return !uuid.isEmpty() && m_fixture.sandbox().confirmQr(uuid);
    }
    // Whether this process has mapped QtWebEngine (it never should: LoginProcess's child does).
    Q_INVOKABLE bool mapsWebEngine() const
    {
        QFile maps(QStringLiteral("/proc/self/maps"));
        return maps.open(QIODevice::ReadOnly) && maps.readAll().contains("libQt6WebEngine");
    }
    // What the keychain holds for this project (the tests' service), raw.
    Q_INVOKABLE QString storedSession() const
    {
        return rawReadSession(keychainService(), storageKey());
    }
    Q_INVOKABLE void forget() const { rawDeleteAll(keychainService(), storageKey()); }
    // How many requests reached path on the sandbox.
    Q_INVOKABLE int requestCount(const QString &path) { return m_fixture.requestCount(path); }

private:
    QString storageKey() const { return AuthConfig(authUrl(), anonKey()).storageKey(); }

    mutable SandboxFixture m_fixture;
};

// Made before the QGuiApplication (QUICK_TEST_MAIN_WITH_SETUP): the sandbox comes with the
// first engine, once the application exists, and goes before it.
class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        if (!m_sandbox)
            m_sandbox = std::make_unique<SandboxForQml>();
        engine->addImportPath(QStringLiteral(WECHATLOGIN_QML_DIR)); // the build tree's module
        engine->rootContext()->setContextProperty(QStringLiteral("sandbox"), m_sandbox.get());
    }
    void cleanupTestCase()
    {
        if (m_sandbox)
            m_sandbox->forget();
        m_sandbox.reset();
    }

private:
    std::unique_ptr<SandboxForQml> m_sandbox;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_quick, Setup)

#include "tst_quick.moc"
