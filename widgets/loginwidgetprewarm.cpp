// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// LoginWidget::prewarm(config): a whole LoginWidget, shown but never on a screen, running a
// sign-in flow with every rule of a shown one, so the next LoginDialog adopts a page that
// has its QR fitted and painted already (a hidden view would paint nothing until shown).

#include "loginwidget_p.h"
#include "widgetslogging.h"

// Qt
#include <QApplication>
#include <QPointer>

namespace WeChatLogin {

namespace {

// LoginDialog's widget area, so the page is laid out at the size it will be shown at.
constexpr QSize PrewarmSize(340, 400);

QPointer<LoginWidget> &prewarmed()
{
    static QPointer<LoginWidget> widget;
    return widget;
}

} // namespace

void LoginWidget::prewarm(const AuthConfig &config)
{
    if (!qobject_cast<QApplication *>(QCoreApplication::instance()))
        return;
    QPointer<LoginWidget> &warm = prewarmed();
    if (warm && warm->config() == config)
        return; // it keeps itself fresh
    delete warm.data();
    auto *widget = new LoginWidget(config); // top-level, off-screen; deleted at quit
    widget->setObjectName(QStringLiteral("prewarmedLoginWidget"));
    widget->resize(PrewarmSize);
    QObject::connect(qApp, &QCoreApplication::aboutToQuit, widget, &QObject::deleteLater);
    warm = widget;
    qCInfo(lcWidgets) << "pre-warming a sign-in flow";
    // Shown, but never on a screen: the page lays out and paints as it will in the dialog.
    widget->setAttribute(Qt::WA_DontShowOnScreen);
    widget->show();
    widget->start();
}

LoginWidget *LoginWidgetPrivate::prewarmedWidget()
{
    return prewarmed();
}

LoginWidget *LoginWidgetPrivate::takePrewarmed(const AuthConfig &config, QWidget *parent)
{
    QPointer<LoginWidget> &warm = prewarmed();
    if (!warm || !(warm->config() == config))
        return nullptr;
    LoginWidget *widget = warm;
    warm.clear();
    QObject::disconnect(qApp, &QCoreApplication::aboutToQuit, widget, &QObject::deleteLater);
    widget->setObjectName(QString());
    widget->hide();
    widget->setAttribute(Qt::WA_DontShowOnScreen, false);
    widget->setParent(parent);
    widget->setVisible(true); // with its new parent, once that is shown
    LoginWidgetPrivate *d = widget->d_func();
    d->silentRenewals = 0; // a person is looking now
    switch (d->state) {
    case State::Loading:
    case State::QrShown:
    case State::Cancelled:
        qCInfo(lcWidgets) << "the pre-warmed sign-in flow is handed over:" << d->state;
        break;
    default: // expired, failed, or scanned unseen: never shown; the dialog starts afresh
        qCInfo(lcWidgets) << "the pre-warmed sign-in flow is not shown:" << d->state;
        widget->cancel();
        break;
    }
    return widget;
}

} // namespace WeChatLogin
