// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_TERMINALSIGNIN_H
#define WECHATLOGIN_APP_TERMINALSIGNIN_H

#include "terminalqr.h"
#include "terminalscreen.h"
#include "verbs.h"

#include <WeChatLogin/headlesslogin.h>

// Qt
#include <QCoreApplication>
#include <QJsonObject>
#include <QObject>
#include <QString>

namespace WeChatLogin {

class AppContext;

/*
 * wechat-login sign-in --terminal: WeChat's real QR page runs headless (HeadlessLogin), and
 * the QR it paints is drawn again in the terminal, in place, with what the phone did under
 * it; or, with --json, each event is one JSON line on stdout (docs/schema/sign-in.schema.json)
 * for another tool to draw. Enter asks for a new QR once it expired; Ctrl-C cancels.
 */
class TerminalSignIn : public QObject
{
    Q_OBJECT
public:
    TerminalSignIn(AppContext &context, const Verbs::SignInOptions &options);
    ~TerminalSignIn() override;

    // The exit code (Verbs::Exit).
    int run();

Q_SIGNALS:
    void done(QPrivateSignal);

private:
    void redraw();
    void printPlain();
    QString statusText() const;
    QStringList statusLines(int columns) const;
    void onStateChanged();
    void onQrChanged(const QString &text);
    void onEnter();
    void finish(int code);
    void emitEvent(const QString &event, const QJsonObject &fields = QJsonObject());

    AppContext &m_context;
    Verbs::SignInOptions m_options;
    TerminalQr::Style m_style;
    HeadlessLogin m_login;
    TerminalScreen m_screen;
    std::optional<TerminalQr> m_qr;
    QString m_sandboxHint;                               // sandbox mode: where to play the phone
    QString m_printedQr, m_printedStatus, m_printedHint; // a dumb terminal's: said already
    bool m_renewing = false;
    bool m_color = true;
    bool m_done = false;
    int m_code = Verbs::NotSignedIn;
};

} // namespace WeChatLogin

#endif
