// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// LoginWidget: its native parts (placeholder, status line, error panel) and their text.

#include "loginwidget_p.h"
#include "widgetslogging.h"

// Qt
#include <QAccessible>
#include <QLabel>
#include <QStackedLayout>
#include <QStackedWidget>
#include <QTimer>
#include <QUrlQuery>
#include <QVBoxLayout>
#include <QWebEngineView>

#include <algorithm>

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

// The language of the UI's translation (each translation names its page language), or,
// with none of ours loaded, the widget's locale.
QString LoginWidgetPrivate::pageLanguage() const
{
    QString named = tr("WECHAT_PAGE_LANG", "lang= of WeChat's QR page: cn or en");
    if (named == QLatin1String("cn") || named == QLatin1String("en"))
        return named;
    return q->locale().language() == QLocale::Chinese ? QStringLiteral("cn") : QStringLiteral("en");
}

// A QR page waiting for a scan is loaded again in the UI's new language, in the same flow
// (GoTrue's state and our verifier stay; WeChat makes a new QR). Once scanned it stays as
// it is: the person is confirming on the phone.
void LoginWidgetPrivate::followLanguage()
{
    if ((state != State::QrShown && state != State::Cancelled) || qrPageUrl.isEmpty())
        return;
    const auto extra = flowConfig.extraAuthorizeParams();
    if (std::any_of(extra.begin(), extra.end(),
                    [](const auto &p) { return p.first == QLatin1String("lang"); }))
        return; // the embedder chose the page's language
    QUrlQuery query(qrPageUrl);
    const QString language = pageLanguage();
    if (query.queryItemValue(QStringLiteral("lang")) == language)
        return;
    query.removeAllQueryItems(QStringLiteral("lang"));
    query.addQueryItem(QStringLiteral("lang"), language);
    QUrl url = qrPageUrl;
    url.setQuery(query);
    qCInfo(lcWidgets).noquote() << "the UI language changed: the QR page again, lang=" << language;
    qrSeen = false; // the new page's reports count from its QR on
    setState(State::Loading);
    loadTimer->start();
    page->load(url);
}

void LoginWidgetPrivate::followPalette()
{
    page->setBackgroundColor(q->palette().color(QPalette::Window));
    bridge->setPalette(page, q->palette());
}

} // namespace WeChatLogin
