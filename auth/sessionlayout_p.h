// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_SESSIONLAYOUT_P_H
#define WECHATLOGIN_SESSIONLAYOUT_P_H

#include "autherror.h"

// Qt
#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace WeChatLogin::Internal {

/*
 * How SessionStore lays a session out in keychain entries (value type; no keychain here).
 *
 * - Up to ChunkSize bytes: the head entry `key` holds the session JSON itself, exactly
 *   as auth-js stores it.
 * - Larger: the JSON is split on UTF-8 boundaries into parts `key.<slot>.1` ...
 *   `key.<slot>.N` (slot "a" or "b"), and the head holds a manifest naming the slot, the
 *   part count and the SHA-256 of the whole JSON, and the previous generation:
 *   {"wechatlogin_session_parts":{"slot":"b","count":3,"sha256":".."},
 *    "wechatlogin_previous_parts":{"slot":"a","count":3,"sha256":".."}}
 *   A writer fills the slot the head does not name, then writes the head: at every
 *   moment one complete generation is named. A reader checks the hash.
 * - Earlier versions wrote the head as the first part and `key.1`, `key.2`, ... as the
 *   rest ("legacy"); it is still read, and replaced at the next write.
 */
class SessionLayout
{
public:
    static constexpr int MaxParts = 1000;

    struct Slot
    {
        QString name; // "a" or "b"; empty when none
        int count = 0;
        QString sha256;
        bool operator==(const Slot &o) const
        {
            return name == o.name && count == o.count && sha256 == o.sha256;
        }
        bool operator!=(const Slot &o) const { return !(*this == o); }
    };

    struct Manifest
    {
        Slot current;
        Slot previous;
        bool isLegacy = false; // the head is the first part of a legacy chunked session
        bool operator==(const Manifest &o) const
        {
            return current == o.current && previous == o.previous && isLegacy == o.isLegacy;
        }
        bool operator!=(const Manifest &o) const { return !(*this == o); }
    };

    static QString partName(const QString &key, const QString &slot, int index);
    static QString legacyPartName(const QString &key, int index);
    static QString otherSlot(const QString &slot);

    // The manifest in a head entry, or nullopt when the head is not one.
    static std::optional<Manifest> parseManifest(const QByteArray &head);
    // What a head entry says about the stored layout (found: whether it exists).
    static Manifest describe(bool found, const QByteArray &head);
    static QByteArray manifestJson(const Manifest &manifest);

    static QList<QByteArray> split(const QByteArray &data, int partSize);
    static QString digest(const QByteArray &data);
    // Whether joined is the whole of what slot describes.
    static bool matches(const Slot &slot, const QByteArray &joined);
    static AuthError corrupt(int parts, const QString &detail = QString());
};

} // namespace WeChatLogin::Internal

#endif
