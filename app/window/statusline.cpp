// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "statusline.h"
#include <WeChatLogin/autherror.h>

// Qt
#include <QAccessible>
#include <QEvent>

namespace WeChatLogin {

StatusLine::StatusLine(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("statusLabel"));
    setTextFormat(Qt::PlainText); // what a server says is never markup
    setWordWrap(true);
    setAlignment(Qt::AlignCenter);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void StatusLine::say(std::function<QString()> text)
{
    m_text = std::move(text);
    render();
}

void StatusLine::sayError(const AuthError &error)
{
    say([error] { return error.userMessage(); });
}

void StatusLine::clear()
{
    m_text = nullptr;
    render();
}

void StatusLine::render()
{
    const QString text = m_text ? m_text() : QString();
    if (this->text() == text)
        return;
    setText(text);
    if (!text.isEmpty()) {
        QAccessibleEvent event(this, QAccessible::NameChanged);
        QAccessible::updateAccessibility(&event);
    }
}

void StatusLine::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        render();
    QLabel::changeEvent(event);
}

} // namespace WeChatLogin
