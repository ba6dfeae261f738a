// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_QROVERLAY_P_H
#define WECHATLOGIN_QROVERLAY_P_H

// Qt
#include <QPixmap>
#include <QWidget>

class QLabel;
class QPushButton;

namespace WeChatLogin {

/*
 * What LoginWidget lays over its QR code once the code no longer waits for a scan, the way
 * WeChat PC does: the last frame of the QR, dimmed, under a mark and a headline.
 * - Scanned: a check mark and "scanned"; nothing to click (the phone has the next step).
 * - Expired: a refresh mark, "the QR code has expired" and a refresh button; a click
 *   anywhere on it, or Enter/Space on the focused button, asks for a fresh QR.
 * It paints itself opaque (the dimmed frame is a snapshot), so it works over any view.
 */
class QrOverlay : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { Scanned, Expired };
    Q_ENUM(Mode)

    explicit QrOverlay(QWidget *parent = nullptr);

    // frame: what the QR area showed last (may be null: then the mark stands alone).
    void present(Mode mode, const QPixmap &frame);
    Mode mode() const { return m_mode; }
    QString headline() const;
    void retranslate();
    void focusRefresh();

Q_SIGNALS:
    void refreshRequested();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateMark();

    Mode m_mode = Mode::Scanned;
    QPixmap m_frame;
    QLabel *m_mark = nullptr;
    QLabel *m_headline = nullptr;
    QPushButton *m_refresh = nullptr;
};

} // namespace WeChatLogin

#endif
