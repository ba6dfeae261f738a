// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_SANDBOXBANNER_H
#define WECHATLOGIN_APP_SANDBOXBANNER_H

// Qt
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;

namespace WeChatLogin {

class SandboxHost;

/*
 * The yellow band over the window in sandbox mode: says no real account is used, links
 * the virtual phone of the newest QR, and can play the phone (scan, then confirm).
 */
class SandboxBanner : public QWidget
{
    Q_OBJECT
public:
    explicit SandboxBanner(SandboxHost *sandbox, QWidget *parent = nullptr);

    // Playing the phone needs a sign-in dialog showing a QR.
    void setSignInOpen(bool open);

public Q_SLOTS:
    void playThePhone();

Q_SIGNALS:
    void failed(const QString &why); // the sandbox refused a scan or a confirm

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QPointer<SandboxHost> m_sandbox;
    bool m_signInOpen = false;
    QLabel *m_text = nullptr;
    QLabel *m_phoneLink = nullptr;
    QPushButton *m_play = nullptr;
    QTimer *m_confirm = nullptr; // confirms m_playing a moment after the scan
    QString m_playing;
};

} // namespace WeChatLogin

#endif
