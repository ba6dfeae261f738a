// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "sandboxutil.h"

// Qt
#include <QDateTime>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QStringList>
#include <QUrlQuery>
#include <QUuid>

namespace WeChatLogin::SandboxInternal {

namespace {
constexpr auto b64url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray hs256(const QByteArray &data, const QByteArray &secret)
{
    return QMessageAuthenticationCode::hash(data, secret, QCryptographicHash::Sha256);
}

bool globMatchesAt(const QString &p, qsizetype pi, const QString &t, qsizetype ti)
{
    auto isSeparator = [](QChar c) { return c == u'.' || c == u'/'; };
    while (pi < p.size()) {
        const QChar c = p.at(pi);
        if (c == u'*') {
            const bool super = pi + 1 < p.size() && p.at(pi + 1) == u'*';
            const qsizetype next = pi + (super ? 2 : 1);
            for (qsizetype k = ti; k <= t.size(); ++k) {
                if (globMatchesAt(p, next, t, k))
                    return true;
                if (k < t.size() && !super && isSeparator(t.at(k)))
                    return false;
            }
            return false;
        }
        if (ti >= t.size())
            return false;
        if (c == u'?') {
            if (isSeparator(t.at(ti)))
                return false;
        } else if (c == u'\\' && pi + 1 < p.size()) {
            ++pi;
            if (p.at(pi) != t.at(ti))
                return false;
        } else if (c != t.at(ti)) {
            return false;
        }
        ++pi;
        ++ti;
    }
    return ti == t.size();
}
} // namespace

QString signJwt(const QJsonObject &claims, const QByteArray &secret)
{
    const QByteArray header =
        QJsonDocument(QJsonObject{{QStringLiteral("alg"), QStringLiteral("HS256")},
                                  {QStringLiteral("typ"), QStringLiteral("JWT")}})
            .toJson(QJsonDocument::Compact)
            .toBase64(b64url);
    const QByteArray payload =
        QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(b64url);
    const QByteArray signingInput = header + '.' + payload;
    return QString::fromLatin1(signingInput + '.' + hs256(signingInput, secret).toBase64(b64url));
}

std::optional<QJsonObject> verifyJwt(const QString &token, const QByteArray &secret)
{
    const QList<QByteArray> parts = token.toLatin1().split('.');
    if (parts.size() != 3)
        return std::nullopt;
    const QByteArray expected = hs256(parts[0] + '.' + parts[1], secret).toBase64(b64url);
    if (expected != parts[2])
        return std::nullopt;
    const auto header =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding));
    if (header.object().value(QStringLiteral("alg")).toString() != QLatin1String("HS256"))
        return std::nullopt;
    QJsonParseError error{};
    const auto payload = QJsonDocument::fromJson(
        QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding), &error);
    if (error.error != QJsonParseError::NoError || !payload.isObject())
        return std::nullopt;
    return payload.object();
}

bool globMatches(const QString &pattern, const QString &text)
{
    return globMatchesAt(pattern, 0, text, 0);
}

QString randomToken(int length, bool lowerOnly)
{
    static const QString upper = QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    static const QString lower = QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789");
    const QString alphabet = lowerOnly ? lower : upper + lower;
    QString out;
    out.reserve(length);
    auto *rng = QRandomGenerator::system();
    for (int i = 0; i < length; ++i)
        out.append(alphabet.at(int(rng->bounded(quint32(alphabet.size())))));
    return out;
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString htmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString jsString(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        case '<':
            out += QLatin1String("\\u003c");
            break;
        case '>':
            out += QLatin1String("\\u003e");
            break;
        case '&':
            out += QLatin1String("\\u0026");
            break;
        case 0x2028:
            out += QLatin1String("\\u2028");
            break;
        case 0x2029:
            out += QLatin1String("\\u2029");
            break;
        default:
            out += c;
        }
    }
    out += u'"';
    return out;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QByteArray formEncode(const QString &value)
{
    QByteArray out = QUrl::toPercentEncoding(value);
    out.replace("%20", "+");
    return out;
}

// Go's url.Values.Encode(): keys sorted, values form-encoded.
QByteArray encodeSorted(const QMultiMap<QString, QString> &values)
{
    QByteArray out;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (!out.isEmpty())
            out += '&';
        out += formEncode(it.key()) + '=' + formEncode(it.value());
    }
    return out;
}

QMultiMap<QString, QString> queryMap(const QUrl &url)
{
    QMultiMap<QString, QString> map;
    QByteArray raw = url.query(QUrl::FullyEncoded).toUtf8();
    raw.replace('+', "%20");
    const auto items = QUrlQuery(QString::fromUtf8(raw)).queryItems(QUrl::FullyDecoded);
    for (const auto &item : items)
        map.insert(item.first, item.second);
    return map;
}

} // namespace WeChatLogin::SandboxInternal
