// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The doctor's checks of this machine: the keychain, the proxy in effect, and whether
// QtWebEngine can load the sign-in page.

#include "appcontext.h"
#include "doctorchecks_p.h"
#include "signinloader.h"
#include <WeChatLogin/authclient.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QNetworkProxyFactory>
#include <QTimer>
#if QT_CONFIG(dbus)
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusReply>
#include <QDBusVariant>
#endif

#include <algorithm>
#include <optional>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace WeChatLogin::DoctorChecks {

namespace {

constexpr int DBusTimeoutMs = 5000;
constexpr int PageTimeoutMs = 30000;

} // namespace

// The Secret Service's process ("gnome-keyring-daemon", "kwalletd6", "keepassxc"), or why
// there is none.
QString secretServiceOwner(bool *running, bool *locked)
{
    *running = false;
    *locked = false;
#if QT_CONFIG(dbus)
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return Doctor::tr("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
    const QString name = QStringLiteral("org.freedesktop.secrets");
    QDBusConnectionInterface *bus_ = bus.interface();
    if (!bus_->isServiceRegistered(name).value()) {
        const QStringList activatable = bus_->activatableServiceNames().value();
        if (!activatable.contains(name))
            return Doctor::tr("no Secret Service (gnome-keyring, KWallet or KeePassXC) on the "
                              "session bus");
    }
    QDBusMessage get = QDBusMessage::createMethodCall(
        name, QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    const QDBusMessage reply = bus.call(get, QDBus::Block, DBusTimeoutMs);
    if (reply.type() == QDBusMessage::ErrorMessage) {
        if (reply.errorName() == QLatin1String("org.freedesktop.DBus.Error.NoReply"))
            return Doctor::tr("the Secret Service does not answer (a stopped or hung daemon)");
        // No default collection yet is fine: the first write creates it.
    } else {
        *locked = reply.arguments().value(0).value<QDBusVariant>().variant().toBool();
    }
    *running = true;
    // The program's name from its command line (/proc/PID/comm stops at 15 characters).
    const uint pid = bus_->servicePid(name).value();
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (pid && cmdline.open(QIODevice::ReadOnly)) {
        const QByteArray program = cmdline.readAll().split('\0').value(0);
        if (!program.isEmpty())
            return QFileInfo(QString::fromLocal8Bit(program)).fileName();
    }
    return Doctor::tr("the Secret Service");
#else
    return Doctor::tr("the system keychain");
#endif
}

Check keychain(AppContext &context)
{
    Check c{QStringLiteral("keychain"), Status::Failed, Doctor::tr("Keychain"), {}, {}};
    bool running = false, locked = false;
    const QString owner = secretServiceOwner(&running, &locked);
    if (!running) {
        c.detail = Doctor::tr("%1: a sign-in would last only while the app runs").arg(owner);
        c.fix = Doctor::tr("Install and start gnome-keyring (apt-get install gnome-keyring) or "
                           "KWallet, and log in to a desktop session that unlocks it.");
        return c;
    }
    if (locked) {
        c.detail = Doctor::tr("%1 (Secret Service): the default collection is locked, so the "
                              "session can be neither read nor saved")
                       .arg(owner);
        c.fix = Doctor::tr("Unlock it: log in to the desktop, open Passwords and Keys "
                           "(seahorse), or run: gnome-keyring-daemon --unlock.");
        return c;
    }
    SessionManager *manager = context.sessionManager();
    const AppContext::Outcome restored = context.wait(manager->restore());
    const AuthError &error = restored.error;
    if (!restored.finished || error.kind() == AuthError::Kind::KeychainUnavailable
        || error.kind() == AuthError::Kind::KeychainLocked
        || error.kind() == AuthError::Kind::KeychainError) {
        c.detail = Doctor::tr("%1 (Secret Service): %2")
                       .arg(owner, restored.finished ? error.userMessage()
                                                     : Doctor::tr("no answer in time"));
        c.fix = Doctor::tr("Restart the keyring daemon, or log out and in again.");
        return c;
    }
    c.status = Status::Ok;
    const Session s = manager->session();
    c.detail =
        manager->isSignedIn()
            ? Doctor::tr("%1 (Secret Service), unlocked; signed in as %2")
                  .arg(owner, s.nickname().isEmpty() ? s.userId() : s.nickname())
            : Doctor::tr("%1 (Secret Service), unlocked; nobody is signed in yet").arg(owner);
    if (error.kind() == AuthError::Kind::StoredSessionCorrupt) {
        c.status = Status::Warning;
        c.detail = Doctor::tr("%1 (Secret Service), unlocked; the saved session cannot be read")
                       .arg(owner);
        c.fix =
            Doctor::tr("Sign in again (wechat-login sign-in); it replaces the unreadable entry.");
    }
    return c;
}

Check proxy(const AppContext &context)
{
    Check c{QStringLiteral("proxy"), Status::Ok, Doctor::tr("Proxy"), {}, {}};
    const QUrl url = context.authConfig().projectUrl();
    const NetworkSettings &network = context.config().network();
    QNetworkProxy first;
    QString from;
    switch (network.proxyMode()) {
    case NetworkSettings::ProxyMode::Direct:
        c.detail = Doctor::tr("none: direct connections, as set (%1)")
                       .arg(context.config().describe(QStringLiteral("proxy")));
        return c;
    case NetworkSettings::ProxyMode::Explicit:
        first = network.proxy();
        from = context.config().describe(QStringLiteral("proxy"));
        break;
    case NetworkSettings::ProxyMode::System:
        first = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(url)).value(0);
        from = Doctor::tr("the system settings: http_proxy, https_proxy, no_proxy");
        break;
    }
    if (first.type() == QNetworkProxy::NoProxy || first.type() == QNetworkProxy::DefaultProxy) {
        c.detail = Doctor::tr("none: direct connections to %1 (%2)").arg(url.host(), from);
        return c;
    }
    const QString shown =
        network.proxyMode() == NetworkSettings::ProxyMode::Explicit
            ? network.proxyText() // a user name shown, a password never
            : QStringLiteral("%1://%2:%3")
                  .arg(first.type() == QNetworkProxy::Socks5Proxy ? QStringLiteral("socks5")
                                                                  : QStringLiteral("http"),
                       first.hostName())
                  .arg(first.port());
    c.detail = Doctor::tr("%1 for %2 and the sign-in page (%3)").arg(shown, url.host(), from);
    if (QHostAddress(url.host()).isLoopback() || url.host() == QLatin1String("localhost"))
        c.detail = Doctor::tr("%1 for %2 and the sign-in page (%3); neither Qt nor the "
                              "sign-in page (Chromium) sends loopback addresses through a proxy")
                       .arg(shown, url.host(), from);
    return c;
}

Check webEngine(AppContext &context, bool serverOk)
{
    Check c{QStringLiteral("webengine"), Status::Failed, Doctor::tr("Sign-in page"), {}, {}};
    if (!QCoreApplication::instance()->inherits("QGuiApplication")) {
        c.status = Status::Skipped;
        c.detail = Doctor::tr("not checked in this process");
        return c;
    }
#ifdef Q_OS_UNIX
    if (::geteuid() == 0 && !qEnvironmentVariableIsSet("QTWEBENGINE_DISABLE_SANDBOX")) {
        c.detail = Doctor::tr("running as root: Chromium's sandbox cannot start, so the sign-in "
                              "page cannot load");
        c.fix = Doctor::tr("Run wechat-login as a normal user (or, for a throwaway test machine "
                           "only, set QTWEBENGINE_DISABLE_SANDBOX=1).");
        return c;
    }
#endif
    QString why;
    SignInPlugin *plugin = signInPlugin(&why);
    if (!plugin) {
        c.detail = why;
        c.fix = Doctor::tr("Reinstall wechat-login.");
        return c;
    }
    const QString version = plugin->webEngineVersion();
    if (!serverOk) {
        c.status = Status::Skipped;
        c.detail = Doctor::tr("%1; the page was not loaded: the server check failed").arg(version);
        return c;
    }
    const AuthorizeRequest authorize = context.sessionManager()->client()->prepareAuthorize();
    std::optional<SignInPlugin::PageProbe> probe;
    QEventLoop loop;
    QObject guard;
    const qint64 left = context.deadline().remainingTime();
    const int timeoutMs = left < 0 ? PageTimeoutMs : int(std::min<qint64>(left, PageTimeoutMs));
    plugin->probePage(context.authConfig(), authorize.url, timeoutMs, &guard,
                      [&](const SignInPlugin::PageProbe &result) {
                          probe = result;
                          loop.quit();
                      });
    if (!probe)
        loop.exec();
    if (probe && probe->qrShown) {
        c.status = Status::Ok;
        c.detail = Doctor::tr("%1 loaded WeChat's QR page from %2 (nothing was signed in)")
                       .arg(version, probe->host);
        return c;
    }
    c.detail = Doctor::tr("%1 could not show the QR page: %2")
                   .arg(version, probe ? probe->error : Doctor::tr("no answer in time"));
    c.fix = Doctor::tr("The sign-in page trusts the certificates of the system's NSS store: for "
                       "a corporate CA, certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n corp -i "
                       "ca.pem (package libnss3-tools). Otherwise check the network and the "
                       "proxy.");
    return c;
}

} // namespace WeChatLogin::DoctorChecks
