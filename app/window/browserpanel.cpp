// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "browserpanel.h"
#include "appcontext.h"
#include "statusline.h"
#include <WeChatLogin/browsersignin.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QClipboard>
#include <QDesktopServices>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace WeChatLogin {

BrowserPanel::BrowserPanel(AppContext *context, StatusLine *status, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_status(status)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_start = new QPushButton(this);
    m_start->setObjectName(QStringLiteral("browserSignInButton"));
    m_start->setFlat(true);
    m_start->setCursor(Qt::PointingHandCursor);
    m_start->setStyleSheet(QStringLiteral("QPushButton { color: palette(link); border: none; "
                                          "padding: 4px; } QPushButton:hover { "
                                          "text-decoration: underline; }"));
    auto *startRow = new QHBoxLayout;
    startRow->addStretch(1);
    startRow->addWidget(m_start);
    startRow->addStretch(1);
    layout->addLayout(startRow);

    m_waiting = new QWidget(this);
    m_waiting->setObjectName(QStringLiteral("browserWaiting"));
    auto *waiting = new QVBoxLayout(m_waiting);
    waiting->setContentsMargins(0, 0, 0, 0);
    m_waitingText = new QLabel(m_waiting);
    m_waitingText->setWordWrap(true);
    m_waitingText->setAlignment(Qt::AlignCenter);
    waiting->addWidget(m_waitingText);
    auto *urlRow = new QHBoxLayout;
    m_url = new QLineEdit(m_waiting);
    m_url->setObjectName(QStringLiteral("browserSignInUrl"));
    m_url->setReadOnly(true);
    urlRow->addWidget(m_url, 1);
    m_copy = new QPushButton(m_waiting);
    m_copy->setObjectName(QStringLiteral("browserSignInCopy"));
    urlRow->addWidget(m_copy);
    waiting->addLayout(urlRow);
    auto *cancelRow = new QHBoxLayout;
    cancelRow->addStretch(1);
    m_cancel = new QPushButton(m_waiting);
    m_cancel->setObjectName(QStringLiteral("browserSignInCancel"));
    cancelRow->addWidget(m_cancel);
    cancelRow->addStretch(1);
    waiting->addLayout(cancelRow);
    layout->addWidget(m_waiting);
    m_waiting->hide();

    m_signIn = new BrowserSignIn(m_context->authConfig(), this);
    m_signIn->setSessionManager(m_context->sessionManager());
    // The desktop's own way to open a link (a portal in a sandboxed app).
    m_signIn->setUrlOpener([](const QUrl &url, QString *why) {
        if (QDesktopServices::openUrl(url))
            return true;
        *why = tr("the desktop has no browser to open it with");
        return false;
    });
    connect(m_start, &QPushButton::clicked, this, &BrowserPanel::start);
    connect(m_cancel, &QPushButton::clicked, this, &BrowserPanel::cancel);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_url->text());
        m_copy->setText(tr("Copied"));
        QTimer::singleShot(2000, m_copy, [this] { retranslate(); });
    });
    connect(m_signIn, &BrowserSignIn::authorizeUrlChanged, this, [this](const QUrl &url) {
        m_url->setText(url.toString(QUrl::FullyEncoded));
        m_url->setCursorPosition(0);
    });
    connect(m_signIn, &BrowserSignIn::browserOpenFailed, this, [this](const QString &why) {
        m_status->say([why] {
            return tr("The browser could not be opened (%1). Copy the address below into a "
                      "browser on this computer.")
                .arg(why);
        });
    });
    connect(m_signIn, &BrowserSignIn::browserReturned, this, [this] {
        // The person comes back to the app, not left looking at a browser tab.
        QWidget *top = window();
        if (top->isMinimized())
            top->showNormal();
        top->raise();
        top->activateWindow();
    });
    connect(m_signIn, &BrowserSignIn::finished, this,
            [this](const Session &session, const AuthError &error) {
                showWaiting(false);
                if (error.kind() == AuthError::Kind::Cancelled) {
                    // Given up while the browser never came back: perhaps it went elsewhere
                    // (the message says what to add to the redirect URL list).
                    const QString hint = error.message();
                    if (!m_signIn->hasBrowserReturned())
                        m_status->say(
                            [hint]() { return hint; }); // NOLINT(performance-no-automatic-move)
                } else if (error.isError()) {
                    m_status->sayError(error);
                } else if (session.isValid()) {
                    m_status->clear();
                }
            });
    retranslate();
}

BrowserPanel::~BrowserPanel() = default;

bool BrowserPanel::isWaiting() const
{
    return m_signIn->isActive();
}

void BrowserPanel::start()
{
    if (m_signIn->isActive())
        return;
    m_status->clear();
    m_signIn->setConfig(m_context->authConfig());
    showWaiting(true);
    m_signIn->start();
}

void BrowserPanel::cancel()
{
    m_signIn->cancel();
}

void BrowserPanel::showWaiting(bool waiting)
{
    m_start->setVisible(!waiting);
    m_waiting->setVisible(waiting);
    if (waiting)
        m_cancel->setFocus(Qt::OtherFocusReason);
}

void BrowserPanel::retranslate()
{
    m_start->setText(tr("Sign in with your browser"));
    m_start->setToolTip(tr("Opens the sign-in in your web browser; useful when the QR does not "
                           "show here"));
    m_waitingText->setText(tr("Waiting for your browser… Sign in there (scan the QR with "
                              "WeChat), then come back here. If it did not open, copy this "
                              "address into a browser on this computer:"));
    m_url->setAccessibleName(tr("Sign-in address"));
    m_copy->setText(tr("Copy"));
    m_cancel->setText(tr("Cancel"));
}

void BrowserPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace WeChatLogin
