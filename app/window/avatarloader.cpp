// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "avatarloader.h"
#include "applogging.h"

// Qt
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPainter>
#include <QPainterPath>
#include <QSaveFile>
#include <QStandardPaths>

#include <memory>

namespace WeChatLogin {

namespace {

constexpr qint64 MaxBytes = qint64(2) * 1024 * 1024;

QString cacheFile(const QUrl &url)
{
    const QByteArray hash = QCryptographicHash::hash(url.toEncoded(), QCryptographicHash::Sha256);
    return AvatarLoader::cacheDir() + u'/' + QString::fromLatin1(hash.toHex().left(32));
}

QImage rounded(const QImage &source, int size)
{
    QImage out(size, size, QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::transparent);
    QPainter p(&out);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    QPainterPath clip;
    clip.addEllipse(0, 0, size, size);
    p.setClipPath(clip);
    p.drawImage(QRect(0, 0, size, size), source.scaled(size, size, Qt::KeepAspectRatioByExpanding,
                                                       Qt::SmoothTransformation));
    return out;
}

} // namespace

AvatarLoader::AvatarLoader(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
{
    m_nam->setTransferTimeout(15000);
}

QString AvatarLoader::cacheDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
           + QStringLiteral("/avatars");
}

QPixmap AvatarLoader::placeholder(const QString &nickname, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x07, 0xc1, 0x60)); // WeChat green
    p.drawEllipse(0, 0, size, size);
    QFont font = p.font();
    font.setPixelSize(size * 2 / 5);
    font.setBold(true);
    p.setFont(font);
    p.setPen(Qt::white);
    const QString letter = nickname.isEmpty() ? QStringLiteral("?") : nickname.left(1).toUpper();
    p.drawText(QRect(0, 0, size, size), Qt::AlignCenter, letter);
    return QPixmap::fromImage(image);
}

void AvatarLoader::setPixmap(const QImage &image, bool isPlaceholder)
{
    m_placeholder = isPlaceholder;
    m_pixmap = isPlaceholder ? placeholder(m_nickname, m_size)
                             : QPixmap::fromImage(rounded(image, m_size));
    Q_EMIT changed();
}

void AvatarLoader::load(const QUrl &url, const QString &nickname, int size)
{
    if (m_reply)
        m_reply->abort();
    m_nickname = nickname;
    m_size = size;
    setPixmap(QImage(), true);
    if (!url.isValid()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return;
    QImage cached(cacheFile(url));
    if (!cached.isNull()) {
        setPixmap(cached, false);
        return;
    }
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_nam->get(request);
    reply->setReadBufferSize(64 * 1024); // read as it comes, so the limit holds
    m_reply = reply;
    auto data = std::make_shared<QByteArray>();
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply] {
        if (reply->header(QNetworkRequest::ContentLengthHeader).toLongLong() > MaxBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::readyRead, reply, [reply, data] {
        *data += reply->readAll();
        if (data->size() > MaxBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, url, data] {
        reply->deleteLater();
        *data += reply->readAll();
        if (reply->error() != QNetworkReply::NoError) {
            qCInfo(lcApp) << "avatar not loaded:" << reply->error();
            return;
        }
        QImage image = QImage::fromData(*data);
        if (image.isNull()) {
            qCInfo(lcApp) << "avatar is not an image";
            return;
        }
        if (QDir().mkpath(cacheDir())) {
            QSaveFile file(cacheFile(url));
            if (file.open(QIODevice::WriteOnly)) {
                file.write(*data);
                file.commit();
            }
        }
        setPixmap(image, false);
    });
}

} // namespace WeChatLogin
