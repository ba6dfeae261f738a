// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "signedinpage.h"
#include "avatarloader.h"
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace WeChatLogin {

namespace {

constexpr int AvatarSize = 96;
constexpr int ClockMs = 30000; // the "in N minutes" text

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // what the server says is never markup
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    return label;
}

} // namespace

SignedInPage::SignedInPage(SessionManager *manager, const QString &defaultProvider, QWidget *parent)
    : QWidget(parent)
    , m_manager(manager)
    , m_defaultProvider(defaultProvider)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 24, 32, 24);
    layout->addStretch(1);
    m_avatar = new QLabel(this);
    m_avatar->setObjectName(QStringLiteral("avatar"));
    m_avatar->setFixedSize(AvatarSize, AvatarSize);
    auto *avatarRow = new QHBoxLayout;
    avatarRow->addStretch(1);
    avatarRow->addWidget(m_avatar);
    avatarRow->addStretch(1);
    layout->addLayout(avatarRow);
    m_nickname = new QLabel(this);
    m_nickname->setTextFormat(Qt::PlainText);
    m_nickname->setObjectName(QStringLiteral("nickname"));
    QFont titleFont = m_nickname->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_nickname->setFont(titleFont);
    m_nickname->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_nickname);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_providerLabel = new QLabel(this);
    m_provider = valueLabel(this);
    m_userIdLabel = new QLabel(this);
    m_userId = valueLabel(this);
    m_userId->setObjectName(QStringLiteral("userId"));
    m_refreshLabel = new QLabel(this);
    m_refresh = valueLabel(this);
    m_storageLabel = new QLabel(this);
    m_storage = valueLabel(this);
    form->addRow(m_providerLabel, m_provider);
    form->addRow(m_userIdLabel, m_userId);
    form->addRow(m_refreshLabel, m_refresh);
    form->addRow(m_storageLabel, m_storage);
    layout->addLayout(form);
    m_offline = new QLabel(this);
    m_offline->setTextFormat(Qt::PlainText);
    m_offline->setObjectName(QStringLiteral("offlineLabel"));
    m_offline->setWordWrap(true);
    m_offline->setStyleSheet(QStringLiteral("color: #b35c00;"));
    layout->addWidget(m_offline);
    auto *signOutRow = new QHBoxLayout;
    m_signOut = new QPushButton(this);
    m_signOut->setObjectName(QStringLiteral("signOutButton"));
    m_signOutAll = new QPushButton(this);
    m_signOutAll->setObjectName(QStringLiteral("signOutAllButton"));
    connect(m_signOut, &QPushButton::clicked, this, [this] { Q_EMIT signOutRequested(false); });
    connect(m_signOutAll, &QPushButton::clicked, this, [this] { Q_EMIT signOutRequested(true); });
    signOutRow->addStretch(1);
    signOutRow->addWidget(m_signOut);
    signOutRow->addWidget(m_signOutAll);
    signOutRow->addStretch(1);
    layout->addLayout(signOutRow);
    layout->addStretch(2);

    m_avatarLoader = new AvatarLoader(this);
    connect(m_avatarLoader, &AvatarLoader::changed, this,
            [this] { m_avatar->setPixmap(m_avatarLoader->pixmap()); });
    m_clock = new QTimer(this);
    m_clock->setInterval(ClockMs);
    connect(m_clock, &QTimer::timeout, this, &SignedInPage::updateNextRefresh);
    m_clock->start();
    if (manager)
        connect(manager, &SessionManager::nextRefreshChanged, this,
                &SignedInPage::updateNextRefresh);
    retranslate();
}

void SignedInPage::setSignOutEnabled(bool enabled)
{
    m_signOut->setEnabled(enabled);
    m_signOutAll->setEnabled(enabled);
}

void SignedInPage::refresh()
{
    if (!m_manager || !m_manager->isSignedIn())
        return;
    const Session s = m_manager->session();
    const QString nickname = s.nickname().isEmpty() ? tr("(no nickname)") : s.nickname();
    if (s.avatarUrl() != m_avatarUrl || m_nickname->text() != nickname
        || m_avatar->pixmap().isNull()) {
        m_avatarUrl = s.avatarUrl();
        m_avatarLoader->load(QUrl(m_avatarUrl), s.nickname(), AvatarSize * devicePixelRatio());
    }
    m_nickname->setText(nickname);
    m_provider->setText(s.provider().isEmpty() ? m_defaultProvider : s.provider());
    m_userId->setText(s.userId());
    // Not saved (yet): the manager keeps writing it again until the keychain takes it.
    m_storage->setText(m_manager->isPersistent()
                           ? tr("the system keychain")
                           : tr("memory only for now, saved as soon as the keychain allows: %1")
                                 .arg(m_manager->storageError().userMessage()));
    m_offline->setText(m_manager->isOffline()
                           ? tr("Offline: the server cannot be reached. You stay signed in; the "
                                "token is refreshed as soon as it can be.")
                           : QString());
    m_offline->setVisible(m_manager->isOffline());
    updateNextRefresh();
}

void SignedInPage::updateNextRefresh()
{
    const QDateTime next = m_manager ? m_manager->nextRefresh() : QDateTime();
    if (!next.isValid()) {
        m_refresh->setText(tr("not scheduled"));
        return;
    }
    const qint64 minutes = std::max<qint64>(0, QDateTime::currentDateTime().secsTo(next) / 60);
    m_refresh->setText(
        tr("%1 (in %n minute(s))", nullptr, int(minutes))
            .arg(QLocale().toString(next.toLocalTime().time(), QLocale::ShortFormat)));
}

void SignedInPage::retranslate()
{
    m_providerLabel->setText(tr("Provider:"));
    m_userIdLabel->setText(tr("User ID:"));
    m_refreshLabel->setText(tr("Next token refresh:"));
    m_storageLabel->setText(tr("Stored in:"));
    m_signOut->setText(tr("Sign out"));
    m_signOut->setAccessibleName(tr("Sign out on this device"));
    m_signOut->setToolTip(tr("Sign out on this device"));
    m_signOutAll->setText(tr("Sign out everywhere"));
    m_signOutAll->setAccessibleName(tr("Sign out on every device"));
    m_signOutAll->setToolTip(tr("Sign out on every device"));
    m_avatar->setAccessibleName(tr("Profile picture"));
    refresh();
}

void SignedInPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace WeChatLogin
