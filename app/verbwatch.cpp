// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login watch: one line per session event, for as long as it runs, following what
// every process of the app does to the session (SessionManager::setFollowsOtherProcesses).

#include "appcontext.h"
#include "interruptwatch.h"
#include "verbjson.h"
#include "verbs.h"
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QDateTime>
#include <QEventLoop>
#include <QLocale>
#include <QMetaEnum>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>

#include <memory>

namespace WeChatLogin {

namespace {

// "SignedOutElsewhere" -> "signed_out_elsewhere"
QString snakeCase(const char *camel)
{
    static const QRegularExpression boundary(QStringLiteral("(?<=[a-z0-9])(?=[A-Z])"));
    return QString::fromLatin1(camel).replace(boundary, QStringLiteral("_")).toLower();
}

QJsonObject event(const QString &name, const SessionManager &manager)
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const Session s = manager.session();
    QJsonObject doc{{QStringLiteral("schema"), VerbJson::Schema},
                    {QStringLiteral("event"), name},
                    {QStringLiteral("at"), VerbJson::seconds(nowMs)},
                    {QStringLiteral("at_time"), VerbJson::isoTime(nowMs)},
                    {QStringLiteral("signed_in"), manager.isSignedIn()}};
    if (manager.isSignedIn()) {
        doc.insert(QStringLiteral("user"),
                   QJsonObject{{QStringLiteral("id"), s.userId()},
                               {QStringLiteral("nickname"), s.nickname()},
                               {QStringLiteral("avatar_url"), s.avatarUrl()}});
        doc.insert(QStringLiteral("expires_at"), VerbJson::seconds(s.localExpiresAtMs()));
        doc.insert(QStringLiteral("expires_at_time"), VerbJson::isoTime(s.localExpiresAtMs()));
    } else {
        doc.insert(QStringLiteral("user"), QJsonValue::Null);
        doc.insert(QStringLiteral("expires_at"), QJsonValue::Null);
        doc.insert(QStringLiteral("expires_at_time"), QJsonValue::Null);
    }
    doc.insert(QStringLiteral("reason"), QJsonValue::Null);
    doc.insert(QStringLiteral("error"), QJsonValue::Null);
    return doc;
}

} // namespace

int Verbs::watch(AppContext &context, bool json)
{
    SessionManager *manager = context.sessionManager();
    QTextStream out(stdout);
    const auto print = [&](const QJsonObject &doc, const QString &text) {
        if (json)
            out << QString::fromUtf8(VerbJson::line(doc));
        else
            out << QLocale().toString(QDateTime::currentDateTime(),
                                      QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                << u' ' << text << u'\n';
        out.flush();
    };
    const auto who = [manager] {
        const Session s = manager->session();
        return s.nickname().isEmpty() ? s.userId() : s.nickname();
    };

    QObject scope;
    QObject::connect(manager, &SessionManager::signedIn, &scope, [&] {
        print(event(QStringLiteral("signed_in"), *manager), tr("Signed in as %1.").arg(who()));
    });
    QObject::connect(manager, &SessionManager::tokenRefreshed, &scope, [&] {
        print(event(QStringLiteral("token_refreshed"), *manager), tr("Access token refreshed."));
    });
    QObject::connect(manager, &SessionManager::userUpdated, &scope, [&] {
        print(event(QStringLiteral("user_updated"), *manager),
              tr("Profile updated: %1.").arg(who()));
    });
    QObject::connect(
        manager, &SessionManager::signedOut, &scope,
        [&](SessionManager::SignOutReason reason, const AuthError &error) {
            QJsonObject doc = event(QStringLiteral("signed_out"), *manager);
            doc.insert(QStringLiteral("reason"),
                       snakeCase(QMetaEnum::fromType<SessionManager::SignOutReason>().valueToKey(
                           int(reason))));
            doc.insert(QStringLiteral("error"), VerbJson::error(error));
            print(doc, tr("Signed out: %1").arg(SessionManager::reasonText(reason)));
        });
    QObject::connect(manager, &SessionManager::persistentChanged, &scope, [&](bool persistent) {
        QJsonObject doc = event(persistent ? QStringLiteral("keychain_available")
                                           : QStringLiteral("keychain_unavailable"),
                                *manager);
        if (!persistent)
            doc.insert(QStringLiteral("error"), VerbJson::error(manager->storageError()));
        print(doc, persistent ? tr("The keychain can be used again.")
                              : manager->storageError().userMessage());
    });
    QObject::connect(manager, &SessionManager::offlineChanged, &scope, [&](bool offline) {
        QJsonObject doc =
            event(offline ? QStringLiteral("offline") : QStringLiteral("online"), *manager);
        if (offline)
            doc.insert(QStringLiteral("error"), VerbJson::error(manager->lastError()));
        print(doc, offline ? tr("Offline: %1").arg(manager->lastError().userMessage())
                           : tr("Online again."));
    });

    // The state at the start, then every change, this process's and the others'.
    const AppContext::Outcome restored = context.wait(manager->restore());
    QJsonObject initial = event(QStringLiteral("initial_session"), *manager);
    if (!manager->isSignedIn() && restored.error.isError()
        && restored.error.kind() != AuthError::Kind::Cancelled)
        initial.insert(QStringLiteral("error"), VerbJson::error(restored.error));
    print(initial,
          manager->isSignedIn() ? tr("Signed in as %1.").arg(who()) : tr("Not signed in."));
    manager->setFollowsOtherProcesses(true);

    QEventLoop loop;
    // Ctrl-C or a TERM ends it with 0, after the last line is out.
    const InterruptWatch interrupt;
    QObject::connect(&interrupt, &InterruptWatch::interrupted, &loop, &QEventLoop::quit);
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    if (!context.deadline().isForever())
        deadline.start(int(std::max<qint64>(0, context.deadline().remainingTime())));
    loop.exec();
    return Ok;
}

} // namespace WeChatLogin
