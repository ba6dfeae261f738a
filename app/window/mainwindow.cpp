// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "mainwindow.h"
#include "appcontext.h"
#include "applogging.h"
#include "avatarloader.h"
#include "sandboxhost.h"
#include "settingsdialog.h"
#include "signinloader.h"
#include <WeChatLogin/authclient.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QAccessible>
#include <QApplication>
#include <QDesktopServices>
#include <QDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace WeChatLogin {

namespace {

constexpr int AvatarSize = 96;

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // what the server says is never markup
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    return label;
}

} // namespace

MainWindow::MainWindow(AppContext *context, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
{
    buildUi();
    SessionManager *manager = m_context->sessionManager();
    connect(manager, &SessionManager::stateChanged, this, &MainWindow::updateFromSession);
    connect(manager, &SessionManager::sessionChanged, this, &MainWindow::updateFromSession);
    connect(manager, &SessionManager::offlineChanged, this, &MainWindow::updateFromSession);
    connect(manager, &SessionManager::persistentChanged, this, &MainWindow::updateFromSession);
    connect(manager, &SessionManager::nextRefreshChanged, this, &MainWindow::updateRefreshLabel);
    connect(manager, &SessionManager::signedOut, this,
            [this](SessionManager::SignOutReason reason, const AuthError &error) {
                m_statusSource = [reason, error] {
                    QString text = SessionManager::reasonText(reason);
                    if (error.kind() != AuthError::Kind::NoError
                        && reason != SessionManager::SignOutReason::UserAction)
                        text += u' ' + error.userMessage();
                    return text;
                };
                setStatus(m_statusSource());
            });
    connect(manager, &SessionManager::signedIn, this, [this](const Session &) {
        // Fresh profile data (nickname, avatar) for the page; userUpdated() reports it.
        m_context->sessionManager()->fetchUser();
    });
    if (SandboxHost *sandbox = m_context->sandbox()) {
        connect(sandbox, &SandboxHost::qrCreated, this, [this] { retranslate(); });
        connect(sandbox, &SandboxHost::qrStatusChanged, this, [this] { retranslate(); });
    }
    AuthReply *restore = manager->restore();
    connect(restore, &AuthReply::finished, this, [this, restore] {
        const AuthError error = restore->error();
        if (error.kind() != AuthError::Kind::NoError
            && error.kind() != AuthError::Kind::Cancelled) {
            m_statusSource = [error] { return error.userMessage(); };
            setStatus(m_statusSource());
        }
        updateFromSession();
    });
    updateFromSession();
}

MainWindow::~MainWindow()
{
    delete m_dialog; // its web page before anything else goes
}

MainWindow::Page MainWindow::page() const
{
    return m_page;
}

QDialog *MainWindow::loginDialog() const
{
    return m_dialog;
}

void MainWindow::buildUi()
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/wechatlogin/app/wechat-login.svg")));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);

    // Sandbox banner.
    m_banner = new QWidget(central);
    m_banner->setObjectName(QStringLiteral("sandboxBanner"));
    m_banner->setAutoFillBackground(true);
    QPalette bannerPalette = m_banner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xce));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x5c, 0x45, 0x00));
    m_banner->setPalette(bannerPalette);
    auto *bannerLayout = new QVBoxLayout(m_banner);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    auto *bannerRow = new QHBoxLayout;
    m_phoneLink = new QLabel(m_banner);
    m_phoneLink->setTextFormat(Qt::RichText);
    m_phoneLink->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_phoneLink->setOpenExternalLinks(true);
    m_playPhone = new QPushButton(m_banner);
    connect(m_playPhone, &QPushButton::clicked, this, &MainWindow::playThePhone);
    bannerLayout->addWidget(m_bannerText);
    bannerRow->addWidget(m_phoneLink);
    bannerRow->addStretch(1);
    bannerRow->addWidget(m_playPhone);
    bannerLayout->addLayout(bannerRow);
    m_banner->setVisible(m_context->isSandbox());
    layout->addWidget(m_banner);

    m_stack = new QStackedWidget(central);
    layout->addWidget(m_stack, 1);

    // Restoring.
    m_restoring = new QLabel(m_stack);
    m_restoring->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_restoring);

    // Signed out.
    auto *start = new QWidget(m_stack);
    auto *startLayout = new QVBoxLayout(start);
    startLayout->setContentsMargins(32, 24, 32, 24);
    startLayout->addStretch(1);
    auto *icon = new QLabel(start);
    icon->setPixmap(QIcon(QStringLiteral(":/wechatlogin/app/wechat-login.svg")).pixmap(72, 72));
    icon->setAlignment(Qt::AlignCenter);
    startLayout->addWidget(icon);
    m_startTitle = new QLabel(start);
    QFont titleFont = m_startTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_startTitle->setFont(titleFont);
    m_startTitle->setAlignment(Qt::AlignCenter);
    startLayout->addWidget(m_startTitle);
    m_startText = new QLabel(start);
    m_startText->setWordWrap(true);
    m_startText->setAlignment(Qt::AlignCenter);
    startLayout->addWidget(m_startText);
    startLayout->addSpacing(12);
    m_signIn = new QPushButton(start);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setDefault(true);
    m_signIn->setMinimumHeight(40);
    m_signIn->setStyleSheet(QStringLiteral(
        "QPushButton { background: #07c160; color: white; border: none; border-radius: 6px;"
        " padding: 8px 28px; font-weight: bold; }"
        "QPushButton:hover { background: #06ad56; } QPushButton:focus { outline: 2px solid #045; "
        "}"));
    connect(m_signIn, &QPushButton::clicked, this, &MainWindow::signIn);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addStretch(1);
    buttonRow->addWidget(m_signIn);
    buttonRow->addStretch(1);
    startLayout->addLayout(buttonRow);
    m_status = new QLabel(start);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setAlignment(Qt::AlignCenter);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    startLayout->addWidget(m_status);
    startLayout->addStretch(2);
    m_stack->addWidget(start);

    // Signed in.
    auto *user = new QWidget(m_stack);
    auto *userLayout = new QVBoxLayout(user);
    userLayout->setContentsMargins(32, 24, 32, 24);
    userLayout->addStretch(1);
    m_avatar = new QLabel(user);
    m_avatar->setObjectName(QStringLiteral("avatar"));
    m_avatar->setFixedSize(AvatarSize, AvatarSize);
    auto *avatarRow = new QHBoxLayout;
    avatarRow->addStretch(1);
    avatarRow->addWidget(m_avatar);
    avatarRow->addStretch(1);
    userLayout->addLayout(avatarRow);
    m_nickname = new QLabel(user);
    m_nickname->setTextFormat(Qt::PlainText);
    m_nickname->setObjectName(QStringLiteral("nickname"));
    m_nickname->setFont(titleFont);
    m_nickname->setAlignment(Qt::AlignCenter);
    userLayout->addWidget(m_nickname);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_providerLabel = new QLabel(user);
    m_provider = valueLabel(user);
    m_userIdLabel = new QLabel(user);
    m_userId = valueLabel(user);
    m_userId->setObjectName(QStringLiteral("userId"));
    m_refreshLabel = new QLabel(user);
    m_refresh = valueLabel(user);
    m_storageLabel = new QLabel(user);
    m_storage = valueLabel(user);
    form->addRow(m_providerLabel, m_provider);
    form->addRow(m_userIdLabel, m_userId);
    form->addRow(m_refreshLabel, m_refresh);
    form->addRow(m_storageLabel, m_storage);
    userLayout->addLayout(form);
    m_offline = new QLabel(user);
    m_offline->setTextFormat(Qt::PlainText);
    m_offline->setObjectName(QStringLiteral("offlineLabel"));
    m_offline->setWordWrap(true);
    m_offline->setStyleSheet(QStringLiteral("color: #b35c00;"));
    userLayout->addWidget(m_offline);
    auto *signOutRow = new QHBoxLayout;
    m_signOut = new QPushButton(user);
    m_signOut->setObjectName(QStringLiteral("signOutButton"));
    m_signOutAll = new QPushButton(user);
    m_signOutAll->setObjectName(QStringLiteral("signOutAllButton"));
    connect(m_signOut, &QPushButton::clicked, this, [this] { signOut(false); });
    connect(m_signOutAll, &QPushButton::clicked, this, [this] { signOut(true); });
    signOutRow->addStretch(1);
    signOutRow->addWidget(m_signOut);
    signOutRow->addWidget(m_signOutAll);
    signOutRow->addStretch(1);
    userLayout->addLayout(signOutRow);
    userLayout->addStretch(2);
    m_stack->addWidget(user);
    setCentralWidget(central);

    m_avatarLoader = new AvatarLoader(this);
    connect(m_avatarLoader, &AvatarLoader::changed, this,
            [this] { m_avatar->setPixmap(m_avatarLoader->pixmap()); });

    m_fileMenu = menuBar()->addMenu(QString());
    m_settingsAction = m_fileMenu->addAction(QString(), this, &MainWindow::openSettings);
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About WeChatLogin"),
                           tr("<b>WeChatLogin %1</b><p>Sign in to desktop apps by scanning a "
                              "WeChat QR code, through MemFire Cloud Auth.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });

    m_clock = new QTimer(this); // the "in N minutes" text
    m_clock->setInterval(30000);
    connect(m_clock, &QTimer::timeout, this, &MainWindow::updateRefreshLabel);
    m_clock->start();

    resize(520, 480);
    retranslate();
}

void MainWindow::retranslate()
{
    setWindowTitle(m_context->isSandbox() ? tr("WeChatLogin (sandbox)") : tr("WeChatLogin"));
    m_bannerText->setText(tr("<b>Sandbox mode</b>: a local stand-in for MemFire and WeChat; no "
                             "real account is used. Scan with the virtual phone, or let this "
                             "window play it."));
    if (SandboxHost *sandbox = m_context->sandbox()) {
        const QString uuid = sandbox->latestQrUuid();
        m_phoneLink->setText(
            uuid.isEmpty() ? tr("Virtual phone: open the sign-in first")
                           : QStringLiteral("<a href=\"%1\">%2</a>")
                                 .arg(sandbox->confirmPageUrl(uuid).toString().toHtmlEscaped(),
                                      tr("Open the virtual phone")));
        const bool waiting = !uuid.isEmpty()
                             && (sandbox->qrStatus(uuid) == SandboxHost::QrStatus::Waiting
                                 || sandbox->qrStatus(uuid) == SandboxHost::QrStatus::Scanned);
        m_playPhone->setEnabled(waiting && m_dialog);
    }
    m_playPhone->setText(tr("Play the phone: scan and confirm"));
    m_playPhone->setAccessibleName(tr("Play the phone: scan and confirm"));
    m_restoring->setText(tr("Restoring your session…"));
    m_startTitle->setText(tr("Welcome"));
    m_startText->setText(tr("Scan a QR code with WeChat on your phone and confirm. You stay "
                            "signed in on this computer until you sign out."));
    m_signIn->setText(tr("Sign in with WeChat"));
    m_signIn->setAccessibleName(tr("Sign in with WeChat"));
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
    m_fileMenu->setTitle(tr("&File"));
    m_settingsAction->setText(tr("&Settings…"));
    m_quitAction->setText(tr("&Quit"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About WeChatLogin"));
    if (m_statusSource)
        setStatus(m_statusSource());
    updateFromSession();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::setStatus(const QString &text)
{
    if (m_status->text() == text)
        return;
    m_status->setText(text);
    if (!text.isEmpty()) {
        QAccessibleEvent event(m_status, QAccessible::NameChanged);
        QAccessible::updateAccessibility(&event);
    }
}

void MainWindow::setPage(Page page)
{
    if (m_page == page)
        return;
    m_page = page;
    m_stack->setCurrentIndex(int(page));
    qCInfo(lcApp) << "page:" << page;
    Q_EMIT pageChanged(page);
}

void MainWindow::updateFromSession()
{
    SessionManager *manager = m_context->sessionManager();
    switch (manager->state()) {
    case SessionManager::State::Unknown:
    case SessionManager::State::Restoring:
        setPage(Page::Restoring);
        return;
    case SessionManager::State::SignedOut:
        setPage(Page::SignedOut);
        return;
    case SessionManager::State::SignedIn:
        break;
    }
    const Session s = manager->session();
    const QString nickname = s.nickname().isEmpty() ? tr("(no nickname)") : s.nickname();
    if (s.avatarUrl() != m_avatarUrl || m_nickname->text() != nickname
        || m_avatar->pixmap().isNull()) {
        m_avatarUrl = s.avatarUrl();
        m_avatarLoader->load(QUrl(m_avatarUrl), s.nickname(), AvatarSize * devicePixelRatio());
    }
    m_nickname->setText(nickname);
    m_provider->setText(s.provider().isEmpty() ? m_context->authConfig().provider() : s.provider());
    m_userId->setText(s.userId());
    // Not saved (yet): the manager keeps writing it again until the keychain takes it.
    m_storage->setText(manager->isPersistent()
                           ? tr("the system keychain")
                           : tr("memory only for now, saved as soon as the keychain allows: %1")
                                 .arg(manager->storageError().userMessage()));
    m_offline->setText(manager->isOffline()
                           ? tr("Offline: the server cannot be reached. You stay signed in; the "
                                "token is refreshed as soon as it can be.")
                           : QString());
    m_offline->setVisible(manager->isOffline());
    updateRefreshLabel();
    if (m_page != Page::SignedIn)
        qCInfo(lcApp) << "signed in as" << s.nickname();
    setPage(Page::SignedIn);
}

void MainWindow::updateRefreshLabel()
{
    const QDateTime next = m_context->sessionManager()->nextRefresh();
    if (!next.isValid()) {
        m_refresh->setText(tr("not scheduled"));
        return;
    }
    const qint64 minutes = std::max<qint64>(0, QDateTime::currentDateTime().secsTo(next) / 60);
    m_refresh->setText(
        tr("%1 (in %n minute(s))", nullptr, int(minutes))
            .arg(QLocale().toString(next.toLocalTime().time(), QLocale::ShortFormat)));
}

void MainWindow::signIn()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    QString why;
    SignInPlugin *plugin = signInPlugin(&why);
    if (!plugin) {
        m_statusSource = [why] { return why; };
        setStatus(why);
        return;
    }
    m_statusSource = nullptr;
    setStatus(QString());
    QDialog *dialog = plugin->createLoginDialog(m_context->authConfig(), this);
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::finished, this, [this, plugin, dialog](int) {
        const Session session = plugin->dialogSession(dialog);
        const AuthError error = plugin->dialogError(dialog);
        if (session.isValid()) {
            AuthReply *stored = m_context->sessionManager()->setSession(session);
            connect(stored, &AuthReply::finished, this, [this, stored] {
                const AuthError storeError = stored->error();
                if (storeError.kind() != AuthError::Kind::NoError) {
                    m_statusSource = [storeError] { return storeError.userMessage(); };
                    setStatus(m_statusSource());
                }
            });
        } else if (error.kind() != AuthError::Kind::Cancelled
                   && error.kind() != AuthError::Kind::NoError) {
            m_statusSource = [error] { return error.userMessage(); };
            setStatus(m_statusSource());
        }
        retranslate();
    });
    dialog->open();
    retranslate();
}

void MainWindow::signOut(bool everywhere)
{
    m_signOut->setEnabled(false);
    m_signOutAll->setEnabled(false);
    AuthReply *reply = m_context->sessionManager()->signOut(
        everywhere ? AuthClient::SignOutScope::Global : AuthClient::SignOutScope::Local);
    connect(reply, &AuthReply::finished, this, [this, reply, everywhere] {
        m_signOut->setEnabled(true);
        m_signOutAll->setEnabled(true);
        const AuthError error = reply->error();
        if (error.kind() != AuthError::Kind::NoError) {
            m_statusSource = [error, everywhere] {
                return (everywhere ? tr("Signed out here, but the other devices could not be "
                                        "signed out: %1")
                                   : tr("Signed out here; the server could not be told: %1"))
                    .arg(error.userMessage());
            };
            setStatus(m_statusSource());
        }
    });
}

void MainWindow::playThePhone()
{
    SandboxHost *sandbox = m_context->sandbox();
    if (!sandbox)
        return;
    const QString uuid = sandbox->latestQrUuid();
    QString why;
    if (sandbox->qrStatus(uuid) == SandboxHost::QrStatus::Waiting && !sandbox->scanQr(uuid, &why)) {
        setStatus(why);
        return;
    }
    // Confirm a moment after the scan, so the "scanned" state is seen as on a real phone.
    QTimer::singleShot(800, this, [this, uuid] {
        QString error;
        if (SandboxHost *s = m_context->sandbox(); s && !s->confirmQr(uuid, &error))
            setStatus(error);
    });
}

void MainWindow::openSettings()
{
    if (auto *open = findChild<SettingsDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new SettingsDialog(m_context->config(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->open();
}

} // namespace WeChatLogin
