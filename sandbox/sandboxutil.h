// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SANDBOX_SANDBOXUTIL_H
#define WECHATLOGIN_SANDBOX_SANDBOXUTIL_H

// Qt
#include <QByteArray>
#include <QJsonObject>
#include <QMultiMap>
#include <QString>
#include <QUrl>

#include <optional>

namespace WeChatLogin::SandboxInternal {

// HS256 JSON Web Tokens, as GoTrue signs them.
QString signJwt(const QJsonObject &claims, const QByteArray &secret);
// The claims of a token whose signature verifies; nullopt otherwise. Expiry is the caller's.
std::optional<QJsonObject> verifyJwt(const QString &token, const QByteArray &secret);

// GoTrue's allow-list globs (gobwas/glob with separators '.' and '/'):
// '*' matches within a segment, '**' matches anything, '?' one non-separator character.
bool globMatches(const QString &pattern, const QString &text);

// A random string of the given length from [A-Za-z0-9] (or [a-z0-9] when lowerOnly).
QString randomToken(int length, bool lowerOnly = false);
QString newUuid();

QString htmlEscaped(const QString &text);
// A JavaScript string literal, quotes included, safe inside a <script> element.
QString jsString(const QString &text);

qint64 nowMs();

// An ISO 8601 UTC time with milliseconds, as GoTrue writes them.
QString isoTime(qint64 ms);
// Go's url.Values: a value form-encoded; values encoded with their keys sorted; a URL's
// query as such a map ('+' read as a space).
QByteArray formEncode(const QString &value);
QByteArray encodeSorted(const QMultiMap<QString, QString> &values);
QMultiMap<QString, QString> queryMap(const QUrl &url);

} // namespace WeChatLogin::SandboxInternal

#endif
