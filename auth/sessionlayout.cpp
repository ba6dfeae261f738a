// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "session.h"
#include "sessionlayout_p.h"

// Qt
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace WeChatLogin::Internal {

namespace {

const QString CurrentKey = QStringLiteral("wechatlogin_session_parts");
const QString PreviousKey = QStringLiteral("wechatlogin_previous_parts");

std::optional<SessionLayout::Slot> slotOf(const QJsonValue &value)
{
    const QJsonObject o = value.toObject();
    SessionLayout::Slot slot;
    slot.name = o.value(QStringLiteral("slot")).toString();
    slot.count = o.value(QStringLiteral("count")).toInt();
    slot.sha256 = o.value(QStringLiteral("sha256")).toString();
    if ((slot.name != QLatin1String("a") && slot.name != QLatin1String("b")) || slot.count < 1
        || slot.count > SessionLayout::MaxParts || slot.sha256.size() != 64)
        return std::nullopt;
    return slot;
}

QJsonObject slotJson(const SessionLayout::Slot &slot)
{
    return {{QStringLiteral("slot"), slot.name},
            {QStringLiteral("count"), slot.count},
            {QStringLiteral("sha256"), slot.sha256}};
}

} // namespace

QString SessionLayout::partName(const QString &key, const QString &slot, int index)
{
    return key + u'.' + slot + u'.' + QString::number(index);
}

QString SessionLayout::legacyPartName(const QString &key, int index)
{
    return key + u'.' + QString::number(index);
}

QString SessionLayout::otherSlot(const QString &slot)
{
    return slot == QLatin1String("a") ? QStringLiteral("b") : QStringLiteral("a");
}

std::optional<SessionLayout::Manifest> SessionLayout::parseManifest(const QByteArray &head)
{
    const QJsonObject o = QJsonDocument::fromJson(head).object();
    if (!o.contains(CurrentKey))
        return std::nullopt;
    const auto current = slotOf(o.value(CurrentKey));
    if (!current)
        return std::nullopt;
    Manifest manifest;
    manifest.current = *current;
    if (const auto previous = slotOf(o.value(PreviousKey)))
        manifest.previous = *previous;
    return manifest;
}

SessionLayout::Manifest SessionLayout::describe(bool found, const QByteArray &head)
{
    if (!found)
        return {};
    if (const auto manifest = parseManifest(head))
        return *manifest;
    Manifest inline_;
    // A head that is not a whole session is the first part of a legacy chunked one.
    inline_.isLegacy = !Session::fromJson(head).isValid();
    return inline_;
}

QByteArray SessionLayout::manifestJson(const Manifest &manifest)
{
    QJsonObject o{{CurrentKey, slotJson(manifest.current)}};
    if (manifest.previous.count > 0)
        o.insert(PreviousKey, slotJson(manifest.previous));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QList<QByteArray> SessionLayout::split(const QByteArray &data, int partSize)
{
    QList<QByteArray> parts;
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype end = std::min<qsizetype>(pos + partSize, data.size());
        while (end < data.size() && end > pos && (uchar(data.at(end)) & 0xC0) == 0x80)
            --end; // never cut a character in two
        parts << data.mid(pos, end - pos);
        pos = end;
    }
    if (parts.isEmpty())
        parts << QByteArray();
    return parts;
}

QString SessionLayout::digest(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

bool SessionLayout::matches(const Slot &slot, const QByteArray &joined)
{
    return slot.count > 0 && !joined.isEmpty() && digest(joined) == slot.sha256;
}

AuthError SessionLayout::corrupt(int parts, const QString &detail)
{
    return AuthError(AuthError::Kind::StoredSessionCorrupt,
                     QStringLiteral("the stored session (%1 parts) is incomplete or not a "
                                    "session%2")
                         .arg(parts)
                         .arg(detail.isEmpty() ? QString() : QStringLiteral(": ") + detail));
}

} // namespace WeChatLogin::Internal
