// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "errorpanel_p.h"

// Qt
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace WeChatLogin {

ErrorPanel::ErrorPanel(QWidget *parent)
    : QWidget(parent)
{
    setAutoFillBackground(true); // it covers the web view
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("errorTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    m_title->setAlignment(Qt::AlignCenter);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("errorHint"));
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setWordWrap(true);
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_hint);
    m_retry = new QPushButton(this);
    m_retry->setDefault(true);
    layout->addWidget(m_retry, 0, Qt::AlignCenter);
    m_detailsButton = new QToolButton(this);
    m_detailsButton->setCheckable(true);
    m_detailsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailsButton->setArrowType(Qt::RightArrow);
    layout->addWidget(m_detailsButton, 0, Qt::AlignCenter);
    m_details = new QPlainTextEdit(this);
    m_details->setReadOnly(true);
    m_details->setVisible(false);
    m_details->setMaximumHeight(120);
    layout->addWidget(m_details);
    layout->addStretch(1);

    connect(m_retry, &QPushButton::clicked, this, &ErrorPanel::retryRequested);
    connect(m_detailsButton, &QToolButton::toggled, this, [this](bool on) {
        m_details->setVisible(on);
        m_detailsButton->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    });
    retranslate();
}

void ErrorPanel::setError(const QString &title, const QString &hint, const QString &details)
{
    m_title->setText(title);
    m_hint->setText(hint);
    m_hint->setVisible(!hint.isEmpty());
    m_details->setPlainText(details);
    m_detailsButton->setChecked(false);
}

void ErrorPanel::setTitle(const QString &title)
{
    m_title->setText(title);
}

QString ErrorPanel::title() const
{
    return m_title->text();
}

void ErrorPanel::retranslate()
{
    m_retry->setText(tr("&Retry"));
    m_retry->setAccessibleName(tr("Retry the sign-in"));
    m_detailsButton->setText(tr("Details"));
    m_detailsButton->setAccessibleName(tr("Show technical details"));
    m_details->setAccessibleName(tr("Technical details"));
}

void ErrorPanel::focusRetry()
{
    m_retry->setFocus();
}

} // namespace WeChatLogin
