// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "startpage.h"
#include "statusline.h"

// Qt
#include <QEvent>
#include <QFocusEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace WeChatLogin {

StartPage::StartPage(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_layout = layout;
    layout->setContentsMargins(32, 24, 32, 24);
    layout->addStretch(1);
    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/wechatlogin/app/wechat-login.svg")).pixmap(72, 72));
    icon->setAlignment(Qt::AlignCenter);
    layout->addWidget(icon);
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_title);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_text);
    layout->addSpacing(12);
    m_signIn = new QPushButton(this);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setDefault(true);
    m_signIn->setMinimumHeight(40);
    m_signIn->setStyleSheet(QStringLiteral(
        "QPushButton { background: #07c160; color: white; border: none; border-radius: 6px;"
        " padding: 8px 28px; font-weight: bold; }"
        "QPushButton:hover { background: #06ad56; } QPushButton:focus { outline: 2px solid #045; "
        "}"));
    connect(m_signIn, &QPushButton::clicked, this, [this] {
        // The intent is acted on: what follows the sign-in asks for a new one.
        m_focusedByPerson = false;
        updateIntent();
        Q_EMIT signInRequested();
    });
    m_signIn->installEventFilter(this);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addStretch(1);
    buttonRow->addWidget(m_signIn);
    buttonRow->addStretch(1);
    layout->addLayout(buttonRow);
    m_status = new StatusLine(this);
    layout->addWidget(m_status);
    layout->addStretch(2);
    retranslate();
}

void StartPage::retranslate()
{
    m_title->setText(tr("Welcome"));
    m_text->setText(tr("Scan a QR code with WeChat on your phone and confirm. You stay "
                       "signed in on this computer until you sign out."));
    m_signIn->setText(tr("Sign in with WeChat"));
    m_signIn->setAccessibleName(tr("Sign in with WeChat"));
}

void StartPage::setSecondaryAction(QWidget *widget)
{
    // Right below the button row, above the status line.
    m_layout->insertWidget(m_layout->indexOf(m_status), widget);
}

bool StartPage::hasSignInIntent() const
{
    return m_intent;
}

bool StartPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_signIn) {
        switch (event->type()) {
        case QEvent::Enter:
            m_hovered = true;
            updateIntent();
            break;
        case QEvent::Leave:
            m_hovered = false;
            updateIntent();
            break;
        case QEvent::FocusIn:
            switch (static_cast<QFocusEvent *>(event)->reason()) {
            case Qt::TabFocusReason:
            case Qt::BacktabFocusReason:
            case Qt::ShortcutFocusReason:
            case Qt::MouseFocusReason:
                m_focusedByPerson = true;
                updateIntent();
                break;
            default: // the window opened or came back: nobody chose the button
                break;
            }
            break;
        case QEvent::FocusOut:
            if (static_cast<QFocusEvent *>(event)->reason() != Qt::ActiveWindowFocusReason) {
                m_focusedByPerson = false; // moved away (another window keeps it for later)
                updateIntent();
            }
            break;
        case QEvent::Hide:
            m_hovered = m_focusedByPerson = false;
            updateIntent();
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void StartPage::updateIntent()
{
    const bool intent = m_hovered || m_focusedByPerson;
    if (intent == m_intent)
        return;
    m_intent = intent;
    Q_EMIT signInIntentChanged(intent);
}

void StartPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace WeChatLogin
