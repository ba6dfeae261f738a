// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "verbjson.h"
#include "appcontext.h"
#include "doctorchecks_p.h"
#include "verbs.h"
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QDateTime>
#include <QJsonDocument>

namespace WeChatLogin::VerbJson {

qint64 seconds(qint64 msSinceEpoch)
{
    return msSinceEpoch / 1000;
}

QString isoTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch)
        .toOffsetFromUtc(QDateTime::currentDateTime().offsetFromUtc())
        .toString(Qt::ISODate);
}

QJsonValue error(const AuthError &error)
{
    if (!error.isError())
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("kind"), AuthError::kindName(error.kind())},
                       {QStringLiteral("message"), Verbs::message(error)}};
}

QJsonObject failure(int exitCode, const AuthError &why, const QString &message)
{
    const QString kind = why.isError()                    ? AuthError::kindName(why.kind())
                         : exitCode == Verbs::NotSignedIn ? QStringLiteral("NotSignedIn")
                                                          : QStringLiteral("Usage");
    return {{QStringLiteral("schema"), Schema},
            {QStringLiteral("error"), QJsonObject{{QStringLiteral("kind"), kind},
                                                  {QStringLiteral("message"), message},
                                                  {QStringLiteral("exit_code"), exitCode}}}};
}

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonObject expiry(const Session &s)
{
    const qint64 localMs = s.localExpiresAtMs();
    return {{QStringLiteral("expires_at"), seconds(localMs)},
            {QStringLiteral("expires_at_time"), isoTime(localMs)},
            {QStringLiteral("expires_in"),
             std::max<qint64>(0, (localMs - QDateTime::currentMSecsSinceEpoch()) / 1000)},
            {QStringLiteral("server_expires_at"), s.expiresAt()}};
}

QString storageKind(const SessionManager &manager, bool signedIn)
{
    if (!signedIn)
        return manager.storageError().isError() ? QStringLiteral("unavailable")
                                                : QStringLiteral("keychain");
    return manager.isPersistent() ? QStringLiteral("keychain") : QStringLiteral("memory");
}

} // namespace

QJsonObject status(const AppContext &context, const AuthError &why)
{
    const SessionManager &manager = *context.sessionManager();
    const bool signedIn = manager.isSignedIn();
    const Session s = manager.session();
    QJsonObject doc{{QStringLiteral("schema"), Schema}, {QStringLiteral("signed_in"), signedIn}};
    doc.insert(QStringLiteral("user"),
               signedIn
                   ? QJsonValue(QJsonObject{{QStringLiteral("id"), s.userId()},
                                            {QStringLiteral("nickname"), orNull(s.nickname())},
                                            {QStringLiteral("avatar_url"), orNull(s.avatarUrl())}})
                   : QJsonValue(QJsonValue::Null));
    doc.insert(QStringLiteral("provider"),
               signedIn ? QJsonValue(s.provider().isEmpty() ? context.authConfig().provider()
                                                            : s.provider())
                        : QJsonValue(QJsonValue::Null));
    doc.insert(QStringLiteral("access_token"),
               signedIn ? QJsonValue(expiry(s)) : QJsonValue(QJsonValue::Null));

    const AuthError storageError =
        manager.storageError().isError() ? manager.storageError() : AuthError();
    bool running = false, locked = false;
    const QString backend = DoctorChecks::secretServiceOwner(&running, &locked);
    doc.insert(QStringLiteral("storage"),
               QJsonObject{{QStringLiteral("kind"), storageKind(manager, signedIn)},
                           {QStringLiteral("backend"),
                            running ? QJsonValue(backend) : QJsonValue(QJsonValue::Null)},
                           {QStringLiteral("locked"), locked},
                           {QStringLiteral("service"),
                            manager.store() ? manager.store()->service() : QString()},
                           {QStringLiteral("entry"), manager.storageKey()},
                           {QStringLiteral("error"), error(storageError)}});
    doc.insert(QStringLiteral("server"),
               QJsonObject{{QStringLiteral("url"),
                            context.authConfig().projectUrl().toString(QUrl::RemoveUserInfo)},
                           {QStringLiteral("sandbox"), context.isSandbox()}});
    doc.insert(QStringLiteral("offline"), manager.isOffline());

    // The tokens in hand arrived at their expiry minus their lifetime (this machine's
    // clock); a refresh this run tried and could not make is reported as failed.
    QJsonValue lastRefresh = QJsonValue::Null;
    if (signedIn && s.hasLocalExpiry() && s.lifetime() > 0) {
        const qint64 receivedMs = s.localExpiresAtMs() - s.lifetime() * 1000;
        lastRefresh = QJsonObject{{QStringLiteral("at"), seconds(receivedMs)},
                                  {QStringLiteral("at_time"), isoTime(receivedMs)},
                                  {QStringLiteral("result"), QStringLiteral("ok")},
                                  {QStringLiteral("error"), QJsonValue::Null}};
    }
    if (signedIn && manager.isOffline() && manager.lastError().isError()) {
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        lastRefresh = QJsonObject{{QStringLiteral("at"), seconds(nowMs)},
                                  {QStringLiteral("at_time"), isoTime(nowMs)},
                                  {QStringLiteral("result"), QStringLiteral("failed")},
                                  {QStringLiteral("error"), error(manager.lastError())}};
    }
    doc.insert(QStringLiteral("last_refresh"), lastRefresh);
    doc.insert(QStringLiteral("error"), signedIn ? QJsonValue(QJsonValue::Null) : error(why));
    return doc;
}

QJsonObject session(const Session &s)
{
    return {{QStringLiteral("schema"), Schema}, {QStringLiteral("session"), s.toJsonObject()}};
}

QJsonObject token(const Session &s)
{
    QJsonObject doc{{QStringLiteral("schema"), Schema},
                    {QStringLiteral("access_token"), s.accessToken()},
                    {QStringLiteral("token_type"),
                     s.tokenType().isEmpty() ? QStringLiteral("bearer") : s.tokenType()},
                    {QStringLiteral("user_id"), s.userId()}};
    const QJsonObject e = expiry(s);
    for (auto it = e.begin(); it != e.end(); ++it)
        doc.insert(it.key(), it.value());
    return doc;
}

QByteArray line(const QJsonObject &document)
{
    return QJsonDocument(document).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace WeChatLogin::VerbJson
