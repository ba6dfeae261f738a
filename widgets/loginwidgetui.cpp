// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// LoginWidget: its native parts (placeholder, status line, error panel) and their text.

#include "loginwidget_p.h"

// Qt
#include <QAccessible>
#include <QLabel>
#include <QStackedLayout>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QWebEngineView>

namespace WeChatLogin {

void LoginWidgetPrivate::buildUi()
{
    auto *layout = new QVBoxLayout(q);
    layout->setContentsMargins(0, 0, 0, 0);
    stack = new QStackedWidget(q);
    layout->addWidget(stack, 1);

    // The view and, on top of it, a native placeholder that covers it until the page
    // reports its QR fitted and painted: nobody sees WeChat's own standalone styling.
    pageArea = new QWidget(stack);
    pageLayout = new QStackedLayout(pageArea);
    pageLayout->setStackingMode(QStackedLayout::StackAll); // the view keeps rendering
    view = new QWebEngineView(pageArea);
    view->setContextMenuPolicy(Qt::NoContextMenu);
    view->setMinimumSize(280, 300);
    pageLayout->addWidget(view);
    placeholder = new QLabel(pageArea);
    placeholder->setObjectName(QStringLiteral("placeholder"));
    placeholder->setTextFormat(Qt::PlainText);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    placeholder->setAutoFillBackground(true);
    pageLayout->addWidget(placeholder);
    pageLayout->setCurrentWidget(placeholder);
    stack->addWidget(pageArea);

    overlay = new QrOverlay(pageArea);
    pageLayout->addWidget(overlay);
    pageLayout->setCurrentWidget(placeholder);

    errorPanel = new ErrorPanel(stack);
    stack->addWidget(errorPanel);

    statusLabel = new QLabel(q);
    statusLabel->setObjectName(QStringLiteral("status"));
    statusLabel->setTextFormat(Qt::PlainText);
    statusLabel->setAlignment(Qt::AlignCenter);
    statusLabel->setWordWrap(true);
    statusLabel->setMinimumHeight(statusLabel->fontMetrics().height() * 2);
    layout->addWidget(statusLabel);

    QObject::connect(errorPanel, &ErrorPanel::retryRequested, q, &LoginWidget::retry);
    QObject::connect(overlay, &QrOverlay::refreshRequested, q, &LoginWidget::start);
    q->setFocusProxy(view);
}

QString LoginWidgetPrivate::statusFor(State value) const
{
    switch (value) {
    case State::Idle:
        return QString();
    case State::Loading:
        return renewed ? tr("Refreshing the QR code…") : tr("Loading the QR code…");
    case State::QrShown:
        return renewed ? tr("QR code refreshed. Scan it with WeChat to sign in.")
                       : tr("Scan the QR code with WeChat to sign in.");
    case State::Scanned:
        return tr("Scanned. Confirm the sign-in in WeChat on your phone.");
    case State::Cancelled:
        return tr("You cancelled the sign-in on your phone. Scan again to retry.");
    case State::Exchanging:
        return tr("Signing in…");
    case State::SignedIn:
        return tr("Signed in.");
    case State::Failed:
        return errorTitleText;
    case State::Expired:
        return tr("The QR code has expired. Click it, or press Enter, for a new one.");
    }
    return QString();
}

void LoginWidgetPrivate::setStatus(const QString &text, bool alert)
{
    if (statusLabel->text() == text)
        return;
    statusLabel->setText(text);
    statusLabel->setAccessibleName(text);
    // Screen readers announce the change, an error as an alert.
    QAccessibleEvent event(statusLabel, alert ? QAccessible::Alert : QAccessible::NameChanged);
    QAccessible::updateAccessibility(&event);
    Q_EMIT q->statusTextChanged(text);
}

void LoginWidgetPrivate::retranslate()
{
    view->setAccessibleName(tr("WeChat QR code"));
    view->setAccessibleDescription(tr("Scan this QR code with WeChat on your phone."));
    statusLabel->setAccessibleDescription(tr("Sign-in status"));
    placeholder->setAccessibleName(tr("Sign-in progress"));
    errorPanel->retranslate();
    if (state == State::Failed && errorTitleFromError)
        errorTitleText = error.userMessage(); // in the new language
    placeholder->setText(statusFor(state));
    errorPanel->setTitle(errorTitleText);
    setStatus(statusFor(state), false);
}

} // namespace WeChatLogin
