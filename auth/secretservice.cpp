// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authlogging.h"
#include "secretservice_p.h"

// Qt
#if QT_CONFIG(dbus)
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#endif

#include <dlfcn.h>

namespace WeChatLogin::Internal::SecretService {

namespace {
const QString ServiceName = QStringLiteral("org.freedesktop.secrets");
const QString ServicePath = QStringLiteral("/org/freedesktop/secrets");
} // namespace

bool isEnabled()
{
#if QT_CONFIG(dbus)
    static const bool enabled =
        qEnvironmentVariable("WECHATLOGIN_KEYCHAIN_PLATFORM") != QLatin1String("generic");
    return enabled;
#else
    return false;
#endif
}

void isLocked(QObject *context, int timeoutMs, std::function<void(bool locked)> done)
{
#if QT_CONFIG(dbus)
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!isEnabled() || !bus.isConnected() || !context)
        return done(false);
    QDBusMessage get = QDBusMessage::createMethodCall(
        ServiceName, QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(get, timeoutMs), context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                     [watcher, done = std::move(done)] {
                         watcher->deleteLater();
                         const QDBusPendingReply<QDBusVariant> reply = *watcher;
                         done(!reply.isError() && reply.value().variant().toBool());
                     });
#else
    Q_UNUSED(context)
    Q_UNUSED(timeoutMs)
    done(false);
#endif
}

bool reconnect()
{
    if (!isEnabled())
        return false;
    // qtkeychain loads libsecret at run time; only if it is in the process already.
    void *libsecret = ::dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_NOLOAD);
    if (!libsecret)
        return false;
    using Disconnect = void (*)();
    const auto disconnect =
        reinterpret_cast<Disconnect>(::dlsym(libsecret, "secret_service_disconnect"));
    if (disconnect) {
        qCInfo(lcSession) << "a new connection to the Secret Service";
        disconnect(); // safe at any time (libsecret's documentation); the next call reconnects
    }
    ::dlclose(libsecret);
    return disconnect != nullptr;
}

ItemWatch::ItemWatch(QObject *parent)
    : QObject(parent)
{
#if QT_CONFIG(dbus)
    if (!isEnabled())
        return;
    // Signals come from each collection's own path: subscribe to the collections there are,
    // and to those created later.
    QDBusConnection bus = QDBusConnection::sessionBus();
    bus.connect(ServiceName, ServicePath, QStringLiteral("org.freedesktop.Secret.Service"),
                QStringLiteral("CollectionCreated"), this, SLOT(onCollectionCreated(QDBusMessage)));
    QDBusMessage get = QDBusMessage::createMethodCall(
        ServiceName, ServicePath, QStringLiteral("org.freedesktop.DBus.Properties"),
        QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Service") << QStringLiteral("Collections");
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(get, 5000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher] {
        watcher->deleteLater();
        const QDBusPendingReply<QDBusVariant> reply = *watcher;
        if (reply.isError())
            return; // no Secret Service: the poll is all there is
        const auto paths = qdbus_cast<QList<QDBusObjectPath>>(reply.value().variant());
        for (const QDBusObjectPath &path : paths)
            subscribe(path.path());
    });
#endif
}

void ItemWatch::subscribe(const QString &collection)
{
#if QT_CONFIG(dbus)
    if (m_collections.contains(collection))
        return;
    QDBusConnection bus = QDBusConnection::sessionBus();
    const QString interface = QStringLiteral("org.freedesktop.Secret.Collection");
    bool all = true;
    for (const char *name : {"ItemCreated", "ItemChanged", "ItemDeleted"}) {
        all &= bus.connect(ServiceName, collection, interface, QLatin1String(name), this,
                           SLOT(onItemSignal(QDBusMessage)));
    }
    if (all)
        m_collections << collection;
    qCDebug(lcSession) << "following the keychain collection" << collection << all;
#else
    Q_UNUSED(collection)
#endif
}

void ItemWatch::onCollectionCreated(const QDBusMessage &message)
{
#if QT_CONFIG(dbus)
    subscribe(message.arguments().value(0).value<QDBusObjectPath>().path());
#else
    Q_UNUSED(message)
#endif
    Q_EMIT itemsChanged();
}

void ItemWatch::onItemSignal(const QDBusMessage &)
{
    Q_EMIT itemsChanged();
}

} // namespace WeChatLogin::Internal::SecretService
