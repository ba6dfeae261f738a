// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_PAGEBRIDGE_P_H
#define WECHATLOGIN_PAGEBRIDGE_P_H

// Qt
#include <QObject>
#include <QUrl>

class QPalette;
class QWebEnginePage;

namespace WeChatLogin {

/*
 * The protocol between LoginWidget and the scripts it injects into the sign-in page, in
 * their own JavaScript world: qrpage.js fits WeChat's QR page and reports what it shows,
 * clicks.js reports links a person really clicked. Reports are console messages carrying
 * a nonce the page's own scripts never see; anything else the page logs is ignored.
 */
class PageBridge : public QObject
{
    Q_OBJECT
public:
    enum class PhoneStatus { Waiting, Scanned, Cancelled };
    Q_ENUM(PhoneStatus)

    explicit PageBridge(QObject *parent = nullptr);

    // (Re)installs both scripts with a fresh nonce and the palette's colours; takes effect
    // from the page's next document.
    void install(QWebEnginePage *page, const QPalette &palette);
    // The palette changed: the page shown now and the next ones take its colours (same nonce).
    void setPalette(QWebEnginePage *page, const QPalette &palette);
    // Reads one console message; true when it was one of ours.
    bool read(const QString &message);

Q_SIGNALS:
    void qrShown(); // fitted and painted
    void phoneStatusChanged(WeChatLogin::PageBridge::PhoneStatus status);
    void weChatError(const QString &title); // one of WeChat's WeUI error pages
    void qrImageFailed();
    void notQrPage(const QString &text); // the page's text, at most 2000 characters
    void linkClicked(const QUrl &url);   // a real click on a link, main frame

private:
    void writeScripts(QWebEnginePage *page, const QPalette &palette);

    QString m_nonce;
};

} // namespace WeChatLogin

#endif
