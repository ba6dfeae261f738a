// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_VERBJSON_H
#define WECHATLOGIN_APP_VERBJSON_H

#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>

// Qt
#include <QJsonObject>

namespace WeChatLogin {

class AppContext;

/*
 * The JSON documents of the verbs' --json output, schema 1 (docs/schema/<verb>.schema.json,
 * the README's "JSON output"). A document gains fields within a schema version; a field
 * changes meaning or goes away only with a new "schema" number.
 * Times: "*_at" are seconds since the epoch judged on this machine's clock (the local
 * time the server's answer arrived plus the lifetime it gave), "*_at_time" the same as
 * ISO 8601 with the UTC offset; "server_expires_at" is the server's own expires_at, for
 * reference only (its clock may be hours off ours).
 */
namespace VerbJson {

inline constexpr int Schema = 1;

// status --json: everything about the session but its tokens. error: why not signed in
// (none when nobody ever signed in here).
QJsonObject status(const AppContext &context, const AuthError &error);
// session --json: {"schema": 1, "session": <the auth-js session, tokens included>}.
QJsonObject session(const Session &session);
// token --json: access_token, token_type, expires_at (+ _time, server_), user_id.
QJsonObject token(const Session &session);
// {"kind": "KeychainLocked", "message": "..."}; null for no error.
QJsonValue error(const AuthError &error);
// What token --json and session --json print instead when they fail: {"schema": 1,
// "error": {"kind": .., "message": .., "exit_code": ..}}; kind is the AuthError kind's
// name, or "NotSignedIn" (nobody signed in here) or "Usage". message is what stderr says.
QJsonObject failure(int exitCode, const AuthError &why, const QString &message);
// Seconds since the epoch and the ISO 8601 text for ms since the epoch.
qint64 seconds(qint64 msSinceEpoch);
QString isoTime(qint64 msSinceEpoch);

// One compact line, newline included.
QByteArray line(const QJsonObject &document);

} // namespace VerbJson

} // namespace WeChatLogin

#endif
