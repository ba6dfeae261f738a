// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "mainwindow.h"
#include "appcontext.h"
#include "applogging.h"
#include "browserpanel.h"
#include "sandboxbanner.h"
#include "settingsdialog.h"
#include "signedinpage.h"
#include "signinhelper.h"
#include "startpage.h"
#include "statusline.h"
#include <WeChatLogin/authclient.h>
#include <WeChatLogin/browsersignin.h>
#include <WeChatLogin/loginprocess.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QCoreApplication>
#include <QEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace WeChatLogin {

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
    connect(manager, &SessionManager::signedOut, this,
            [this](SessionManager::SignOutReason reason, const AuthError &error) {
                status()->say([reason, error] {
                    QString text = SessionManager::reasonText(reason);
                    if (error.isError() && reason != SessionManager::SignOutReason::UserAction)
                        text += u' ' + error.userMessage();
                    return text;
                });
            });
    connect(manager, &SessionManager::signedIn, this, [this](const Session &) {
        // Fresh profile data (nickname, avatar) for the page; userUpdated() reports it.
        m_context->sessionManager()->fetchUser();
    });
    AuthReply *restore = manager->restore();
    connect(restore, &AuthReply::finished, this, [this, restore] {
        const AuthError error = restore->error();
        if (error.isError() && error.kind() != AuthError::Kind::Cancelled)
            status()->sayError(error);
        updateFromSession();
    });
    updateFromSession();
}

MainWindow::~MainWindow() = default; // the sign-in process, if any, ends with it

MainWindow::Page MainWindow::page() const
{
    return m_page;
}

bool MainWindow::isSigningIn() const
{
    return m_login->state() == LoginProcess::State::Open;
}

QString MainWindow::signInProgram() const
{
    return m_login->program();
}

void MainWindow::setSignInProgram(const QString &program)
{
    m_login->setProgram(program.isEmpty() ? QCoreApplication::applicationFilePath() : program,
                        {QLatin1String(SignInHelper::Verb)});
}

MainWindow::SignInReadiness MainWindow::signInReadiness() const
{
    return m_readiness;
}

void MainWindow::setSignInReadiness(SignInReadiness readiness)
{
    if (m_readiness == readiness)
        return;
    m_readiness = readiness;
    const LoginProcess::State state = m_login->state();
    if (state == LoginProcess::State::Spare || state == LoginProcess::State::Prestarted)
        m_login->cancel(); // the next one is made the new way
    else
        prepareSignIn();
}

LoginProcess *MainWindow::loginProcess() const
{
    return m_login;
}

int MainWindow::intentGraceMs() const
{
    return m_intentGrace->interval();
}

void MainWindow::setIntentGraceMs(int ms)
{
    m_intentGrace->setInterval(ms);
}

int MainWindow::outOfUseMs() const
{
    return m_outOfUse->interval();
}

void MainWindow::setOutOfUseMs(int ms)
{
    m_outOfUse->setInterval(ms);
}

// Signed out and in use, so a sign-in is possible: the dialog's process starts now, hidden,
// as a spare (or, Ahead, holding a fresh QR, renewed a bounded number of times).
void MainWindow::prepareSignIn()
{
    if (m_readiness == SignInReadiness::Off || m_page != Page::SignedOut || !isVisible())
        return;
    if (m_readiness == SignInReadiness::OnIntent && !isInUse())
        return; // it starts when the window is used again
    m_login->setConfig(m_context->authConfig());
    if (m_readiness == SignInReadiness::Ahead && mayLoadQrUnseen())
        m_login->prestart();
    else
        m_login->startSpare();
    if (m_start->hasSignInIntent())
        onSignInIntent(true);
}

// A person is about to sign in: the QR is loaded now, hidden, and shown at the click. An
// intent that went away without a click drops it after a grace period, so the server
// renews no QR for a window left open.
void MainWindow::onSignInIntent(bool intent)
{
    qCInfo(lcApp) << "sign-in intent:" << intent;
    if (m_readiness != SignInReadiness::OnIntent || m_page != Page::SignedOut)
        return;
    if (!intent) {
        m_intentGrace->start();
        return;
    }
    m_intentGrace->stop();
    if (!mayLoadQrUnseen())
        return;
    m_login->setConfig(m_context->authConfig());
    m_login->prestart(); // the spare loads its QR, or a new hidden child starts
}

// In use: the active window, or the pointer on it. Out of use for OutOfUseMs, the hidden
// child ends (a dialog on the screen stays, of course).
bool MainWindow::isInUse() const
{
    return isActiveWindow() || underMouse();
}

void MainWindow::onUseChanged()
{
    if (isInUse()) {
        m_outOfUse->stop();
        prepareSignIn(); // back in use: a child that ended unseen comes again
    } else if (m_readiness == SignInReadiness::OnIntent && !m_outOfUse->isActive()) {
        m_outOfUse->start();
    }
}

bool MainWindow::mayLoadQrUnseen() const
{
    return m_context->config().autoConfirmMs() == 0; // the sandbox would confirm it unseen
}

StatusLine *MainWindow::status() const
{
    return m_start->status();
}

void MainWindow::buildUi()
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/wechatlogin/app/wechat-login.svg")));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    m_banner = new SandboxBanner(m_context->sandbox(), central);
    m_banner->setVisible(m_context->isSandbox());
    connect(m_banner, &SandboxBanner::failed, this,
            [this](const QString &why) { status()->say([why] { return why; }); });
    layout->addWidget(m_banner);

    // The pages, in Page's order.
    m_stack = new QStackedWidget(central);
    m_restoring = new QLabel(m_stack);
    m_restoring->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_restoring);
    m_start = new StartPage(m_stack);
    connect(m_start, &StartPage::signInRequested, this, &MainWindow::signIn);
    connect(m_start, &StartPage::signInIntentChanged, this, &MainWindow::onSignInIntent);
    m_browser = new BrowserPanel(m_context, m_start->status(), m_start);
    m_start->setSecondaryAction(m_browser);
    m_stack->addWidget(m_start);
    m_signedIn =
        new SignedInPage(m_context->sessionManager(), m_context->authConfig().provider(), m_stack);
    connect(m_signedIn, &SignedInPage::signOutRequested, this, &MainWindow::signOut);
    m_stack->addWidget(m_signedIn);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_login = new LoginProcess(m_context->authConfig(), this);
    setSignInProgram(QString()); // this executable
    // The sandbox's "play the phone" works for whichever sign-in shows a QR: the dialog's,
    // or the browser's.
    connect(m_browser->signIn(), &BrowserSignIn::stateChanged, this, [this] {
        m_banner->setSignInOpen(m_login->state() == LoginProcess::State::Open
                                || m_browser->isWaiting());
    });
    connect(m_login, &LoginProcess::stateChanged, this, [this](LoginProcess::State state) {
        m_banner->setSignInOpen(state == LoginProcess::State::Open || m_browser->isWaiting());
        if (state == LoginProcess::State::Idle) // a dialog closed unsigned: ready again
            QTimer::singleShot(0, this, &MainWindow::prepareSignIn);
    });
    m_intentGrace = new QTimer(this);
    m_intentGrace->setSingleShot(true);
    m_intentGrace->setInterval(IntentGraceMs);
    connect(m_intentGrace, &QTimer::timeout, m_login, &LoginProcess::discardPrestart);
    m_outOfUse = new QTimer(this);
    m_outOfUse->setSingleShot(true);
    m_outOfUse->setInterval(OutOfUseMs);
    connect(m_outOfUse, &QTimer::timeout, this, [this] {
        const LoginProcess::State state = m_login->state();
        if (!isInUse()
            && (state == LoginProcess::State::Spare || state == LoginProcess::State::Prestarted))
            m_login->cancel();
    });
    connect(m_login, &LoginProcess::finished, this,
            [this](const Session &session, const AuthError &error) {
                if (session.isValid()) {
                    AuthReply *stored = m_context->sessionManager()->setSession(session);
                    connect(stored, &AuthReply::finished, this, [this, stored] {
                        if (stored->error().isError())
                            status()->sayError(stored->error());
                    });
                } else if (error.isError() && error.kind() != AuthError::Kind::Cancelled) {
                    status()->sayError(error);
                }
            });

    buildMenus();
    resize(520, 480);
    retranslate();
}

void MainWindow::buildMenus()
{
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
}

void MainWindow::retranslate()
{
    setWindowTitle(m_context->isSandbox() ? tr("WeChatLogin (sandbox)") : tr("WeChatLogin"));
    m_restoring->setText(tr("Restoring your session…"));
    m_fileMenu->setTitle(tr("&File"));
    m_settingsAction->setText(tr("&Settings…"));
    m_quitAction->setText(tr("&Quit"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About WeChatLogin"));
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    QTimer::singleShot(0, this, &MainWindow::prepareSignIn);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::ActivationChange)
        onUseChanged();
    QMainWindow::changeEvent(event);
}

void MainWindow::enterEvent(QEnterEvent *event)
{
    QMainWindow::enterEvent(event);
    onUseChanged();
}

void MainWindow::leaveEvent(QEvent *event)
{
    QMainWindow::leaveEvent(event);
    onUseChanged();
}

void MainWindow::setPage(Page page)
{
    if (m_page == page)
        return;
    m_page = page;
    m_stack->setCurrentIndex(int(page));
    qCInfo(lcApp) << "page:" << page;
    const LoginProcess::State state = m_login->state();
    if (page == Page::SignedOut)
        QTimer::singleShot(0, this, &MainWindow::prepareSignIn); // once the page is up
    else if (state == LoginProcess::State::Spare || state == LoginProcess::State::Prestarted)
        m_login->cancel(); // signed in (elsewhere, too): nothing to keep warm
    if (page == Page::SignedIn && m_browser->isWaiting())
        m_browser->cancel(); // signed in another way: the browser's flow is not needed
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
    m_signedIn->refresh();
    if (m_page != Page::SignedIn)
        qCInfo(lcApp) << "signed in as" << manager->session().nickname();
    setPage(Page::SignedIn);
}

void MainWindow::signIn()
{
    if (isSigningIn())
        return; // its dialog is open already
    status()->clear();
    m_login->setConfig(m_context->authConfig()); // the settings may have changed it
    m_login->open();                             // the pre-started dialog, or a new process
}

void MainWindow::signOut(bool everywhere)
{
    m_signedIn->setSignOutEnabled(false);
    AuthReply *reply = m_context->sessionManager()->signOut(
        everywhere ? AuthClient::SignOutScope::Global : AuthClient::SignOutScope::Local);
    connect(reply, &AuthReply::finished, this, [this, reply, everywhere] {
        m_signedIn->setSignOutEnabled(true);
        const AuthError error = reply->error();
        if (!error.isError())
            return;
        status()->say([error, everywhere] {
            return (everywhere ? tr("Signed out here, but the other devices could not be "
                                    "signed out: %1")
                               : tr("Signed out here; the server could not be told: %1"))
                .arg(error.userMessage());
        });
    });
}

void MainWindow::playThePhone()
{
    m_banner->playThePhone();
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
