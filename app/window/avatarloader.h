// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_AVATARLOADER_H
#define WECHATLOGIN_APP_AVATARLOADER_H

// Qt
#include <QObject>
#include <QPixmap>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace WeChatLogin {

/*
 * The user's avatar: from the disk cache at once when there, else fetched (http(s)
 * only, 2 MiB at most, 15 s timeout) and cached. A placeholder (the nickname's
 * first letter on a coloured disc) is shown while loading and on any failure.
 */
class AvatarLoader : public QObject
{
    Q_OBJECT
public:
    explicit AvatarLoader(QObject *parent = nullptr);

    void load(const QUrl &url, const QString &nickname, int size);
    QPixmap pixmap() const { return m_pixmap; }
    bool isPlaceholder() const { return m_placeholder; }
    static QString cacheDir();
    static QPixmap placeholder(const QString &nickname, int size);

Q_SIGNALS:
    void changed();

private:
    void setPixmap(const QImage &image, bool placeholder);

    QNetworkAccessManager *m_nam;
    QPointer<QNetworkReply> m_reply;
    QPixmap m_pixmap;
    bool m_placeholder = true;
    QString m_nickname;
    int m_size = 96;
};

} // namespace WeChatLogin

#endif
