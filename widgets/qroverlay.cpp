// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "qroverlay_p.h"

// Qt
#include <QEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QVBoxLayout>

namespace WeChatLogin {

namespace {

constexpr int MarkSize = 56;                // device-independent pixels
const QColor WeChatGreen(0x07, 0xc1, 0x60); // the colour WeChat marks a scan with
constexpr qreal Dim = 0.86;                 // how much of the frame the window colour covers

// A round mark: a check on green (scanned) or a circular arrow on the text colour (expired).
QPixmap paintMark(QrOverlay::Mode mode, const QPalette &palette, qreal dpr)
{
    QPixmap pixmap(QSize(MarkSize, MarkSize) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF disc(1, 1, MarkSize - 2, MarkSize - 2);
    const bool scanned = mode == QrOverlay::Mode::Scanned;
    p.setPen(Qt::NoPen);
    p.setBrush(scanned ? WeChatGreen : palette.color(QPalette::WindowText));
    p.drawEllipse(disc);
    const QColor ink = scanned ? QColor(Qt::white) : palette.color(QPalette::Window);
    QPen pen(ink, MarkSize / 11.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    const qreal s = MarkSize;
    if (scanned) {
        QPainterPath check;
        check.moveTo(s * 0.28, s * 0.52);
        check.lineTo(s * 0.44, s * 0.67);
        check.lineTo(s * 0.72, s * 0.36);
        p.drawPath(check);
        return pixmap;
    }
    // Three quarters of a circle and an arrowhead at its open end.
    const QRectF ring(s * 0.28, s * 0.28, s * 0.44, s * 0.44);
    p.drawArc(ring, 90 * 16, -270 * 16);
    const QPointF tip(ring.center().x(), ring.top());
    const qreal a = s * 0.1;
    QPainterPath head;
    head.moveTo(tip + QPointF(-a, -a));
    head.lineTo(tip);
    head.lineTo(tip + QPointF(-a, a));
    p.drawPath(head);
    return pixmap;
}

} // namespace

QrOverlay::QrOverlay(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("qrOverlay"));
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    m_mark = new QLabel(this);
    m_mark->setTextFormat(Qt::PlainText); // a picture; never rich text
    m_mark->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_mark);
    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("qrOverlayHeadline"));
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setAlignment(Qt::AlignCenter);
    m_headline->setWordWrap(true);
    QFont font = m_headline->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.15);
    m_headline->setFont(font);
    layout->addWidget(m_headline);
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("qrRefresh"));
    m_refresh->setAutoDefault(true); // Enter on it refreshes, also inside a dialog
    layout->addWidget(m_refresh, 0, Qt::AlignCenter);
    layout->addStretch(1);
    connect(m_refresh, &QPushButton::clicked, this, &QrOverlay::refreshRequested);
    retranslate();
}

void QrOverlay::present(Mode mode, const QPixmap &frame)
{
    m_mode = mode;
    m_frame = frame;
    m_refresh->setVisible(mode == Mode::Expired);
    setCursor(mode == Mode::Expired ? Qt::PointingHandCursor : Qt::ArrowCursor);
    updateMark();
    retranslate();
    update();
}

QString QrOverlay::headline() const
{
    return m_mode == Mode::Scanned ? tr("Scanned. Confirm on your phone.")
                                   : tr("The QR code has expired.");
}

void QrOverlay::retranslate()
{
    m_headline->setText(headline());
    m_refresh->setText(tr("Click to refresh"));
    m_refresh->setAccessibleName(tr("Get a new QR code"));
    m_mark->setAccessibleName(m_mode == Mode::Scanned ? tr("Scanned") : tr("Expired"));
    setAccessibleName(headline());
}

void QrOverlay::focusRefresh()
{
    if (m_mode == Mode::Expired)
        m_refresh->setFocus(Qt::OtherFocusReason);
}

void QrOverlay::updateMark()
{
    m_mark->setPixmap(paintMark(m_mode, palette(), devicePixelRatioF()));
}

void QrOverlay::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QColor window = palette().color(QPalette::Window);
    if (m_frame.isNull()) {
        p.fillRect(rect(), window);
        return;
    }
    // The frame was the view's size; the overlay covers exactly the view.
    p.drawPixmap(rect(), m_frame);
    QColor veil = window;
    veil.setAlphaF(Dim);
    p.fillRect(rect(), veil);
}

void QrOverlay::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_mode == Mode::Expired && event->button() == Qt::LeftButton
        && rect().contains(event->position().toPoint()))
        Q_EMIT refreshRequested();
    QWidget::mouseReleaseEvent(event);
}

void QrOverlay::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateMark();
    else if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace WeChatLogin
