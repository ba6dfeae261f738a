// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "sandboxbanner.h"
#include "sandboxhost.h"

// Qt
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace WeChatLogin {

namespace {
constexpr int ConfirmAfterScanMs = 800; // the "scanned" state is seen, as on a real phone
}

SandboxBanner::SandboxBanner(SandboxHost *sandbox, QWidget *parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    setObjectName(QStringLiteral("sandboxBanner"));
    setAutoFillBackground(true);
    QPalette colours = palette();
    colours.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xce));
    colours.setColor(QPalette::WindowText, QColor(0x5c, 0x45, 0x00));
    setPalette(colours);
    auto *layout = new QVBoxLayout(this);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    layout->addWidget(m_text);
    auto *row = new QHBoxLayout;
    m_phoneLink = new QLabel(this);
    m_phoneLink->setTextFormat(Qt::RichText); // our own link; the URL is escaped
    m_phoneLink->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_phoneLink->setOpenExternalLinks(true);
    row->addWidget(m_phoneLink);
    row->addStretch(1);
    m_play = new QPushButton(this);
    connect(m_play, &QPushButton::clicked, this, &SandboxBanner::playThePhone);
    row->addWidget(m_play);
    layout->addLayout(row);
    m_confirm = new QTimer(this);
    m_confirm->setSingleShot(true);
    m_confirm->setInterval(ConfirmAfterScanMs);
    connect(m_confirm, &QTimer::timeout, this, [this] {
        QString error;
        if (m_sandbox && !m_sandbox->confirmQr(m_playing, &error))
            Q_EMIT failed(error);
    });
    if (sandbox) {
        connect(sandbox, &SandboxHost::qrCreated, this, &SandboxBanner::retranslate);
        connect(sandbox, &SandboxHost::qrStatusChanged, this, &SandboxBanner::retranslate);
    }
    retranslate();
}

void SandboxBanner::setSignInOpen(bool open)
{
    m_signInOpen = open;
    retranslate();
}

void SandboxBanner::retranslate()
{
    m_text->setText(tr("<b>Sandbox mode</b>: a local stand-in for MemFire and WeChat; no "
                       "real account is used. Scan with the virtual phone, or let this "
                       "window play it."));
    m_play->setText(tr("Play the phone: scan and confirm"));
    m_play->setAccessibleName(tr("Play the phone: scan and confirm"));
    if (!m_sandbox) {
        m_play->setEnabled(false);
        return;
    }
    const QString uuid = m_sandbox->latestQrUuid();
    m_phoneLink->setText(uuid.isEmpty()
                             ? tr("Virtual phone: open the sign-in first")
                             : QStringLiteral("<a href=\"%1\">%2</a>")
                                   .arg(m_sandbox->confirmPageUrl(uuid).toString().toHtmlEscaped(),
                                        tr("Open the virtual phone")));
    const SandboxHost::QrStatus status = m_sandbox->qrStatus(uuid);
    const bool waiting =
        !uuid.isEmpty()
        && (status == SandboxHost::QrStatus::Waiting || status == SandboxHost::QrStatus::Scanned);
    m_play->setEnabled(waiting && m_signInOpen);
}

void SandboxBanner::playThePhone()
{
    if (!m_sandbox)
        return;
    const QString uuid = m_sandbox->latestQrUuid();
    QString why;
    if (m_sandbox->qrStatus(uuid) == SandboxHost::QrStatus::Waiting
        && !m_sandbox->scanQr(uuid, &why)) {
        Q_EMIT failed(why);
        return;
    }
    m_playing = uuid;
    m_confirm->start();
}

void SandboxBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace WeChatLogin
