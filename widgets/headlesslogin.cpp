// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// HeadlessLogin: a LoginWidget shown but never on a screen (as the pre-warmed one), whose
// painted QR is read back into text. The state machine is LoginWidget's; what is added
// here is reading the QR, and holding Loading until it has been read.

#include "headlesslogin.h"
#include "qrimagereader_p.h"
#include "widgetslogging.h"

#include <WeChatLogin/authreply.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QApplication>
#include <QPointer>
#include <QScopedValueRollback>
#include <QTimer>
#include <QWebEngineView>

namespace WeChatLogin {

namespace {
// The page laid out as in a roomy dialog: the fitted QR has modules of several pixels.
constexpr QSize PageSize(420, 480);
constexpr int ReadIntervalMs = 50;
// qrShown() means fitted and painted; a composited frame may follow a little later. A QR
// not readable after this is not one (a page changed under us): the sign-in fails.
constexpr int ReadForMs = 10000;
} // namespace

class HeadlessLoginPrivate
{
public:
    using State = HeadlessLogin::State;

    explicit HeadlessLoginPrivate(HeadlessLogin *login)
        : q(login)
    {}

    void onWidgetState(State widgetState);
    void readQr();
    void clearQr();
    void setState(State value);
    void failUnreadable();
    void store();

    HeadlessLogin *q;
    std::unique_ptr<LoginWidget> widget;
    QTimer readTimer;
    QDeadlineTimer readUntil;
    QDeadlineTimer flowDeadline; // from the flow's start: when LoginWidget renews it
    QDeadlineTimer qrDeadline;
    State state = State::Idle;
    QString qrText;
    QPointer<SessionManager> sessionManager; // stored through before signedIn()
    quint64 storing = 0; // the store whose answer is awaited; a cancel or start moves it on
    AuthError ownError;  // a failure of ours (the QR could not be read), not the widget's
    bool ending = false; // the widget is being stopped by us: its Idle is not ours
};

void HeadlessLoginPrivate::setState(State value)
{
    if (state == value)
        return;
    state = value;
    Q_EMIT q->stateChanged(value);
    switch (value) {
    case State::Loading:
        Q_EMIT q->loading();
        break;
    case State::Scanned:
        Q_EMIT q->scanned();
        break;
    case State::Cancelled:
        Q_EMIT q->cancelledOnPhone();
        break;
    case State::Exchanging:
        Q_EMIT q->exchanging();
        break;
    case State::SignedIn:
        Q_EMIT q->signedIn(widget->session());
        break;
    case State::Failed:
        Q_EMIT q->failed(q->error());
        break;
    case State::Expired:
        Q_EMIT q->expired();
        break;
    case State::Idle:
    case State::QrShown:
        break;
    }
}

void HeadlessLoginPrivate::clearQr()
{
    readTimer.stop();
    qrDeadline = QDeadlineTimer();
    if (qrText.isEmpty())
        return;
    qrText.clear();
    Q_EMIT q->qrChanged(QString());
}

void HeadlessLoginPrivate::onWidgetState(State widgetState)
{
    if (ending)
        return;
    ownError = AuthError();
    switch (widgetState) {
    case State::Loading: // a new flow, or the same renewed: the QR shown is no more
        flowDeadline = QDeadlineTimer(widget->flowRenewIntervalMs());
        clearQr();
        setState(State::Loading);
        return;
    case State::QrShown:
        if (qrText.isEmpty()) { // a new QR: read before it is said to be shown
            readUntil = QDeadlineTimer(ReadForMs);
            readTimer.start(0);
            return;
        }
        break;
    case State::Scanned:
    case State::Cancelled:
        break; // the same QR: a new scan works
    case State::SignedIn:
        clearQr();
        if (sessionManager)
            return store(); // signedIn() once the keychain has answered
        break;
    default:   // exchanging, signed in, failed, expired, idle: no QR to scan any more
        clearQr();
        break;
    }
    setState(widgetState);
}

void HeadlessLoginPrivate::readQr()
{
    // Scanned or on: the QR is not needed any more (and no longer what the page shows).
    if (widget->state() != State::QrShown && widget->state() != State::Cancelled) {
        readTimer.stop();
        return;
    }
    const QString text = QrImageReader::read(widget->webView()->grab().toImage());
    if (text.isEmpty()) {
        if (readUntil.hasExpired())
            failUnreadable();
        else
            readTimer.start(ReadIntervalMs);
        return;
    }
    readTimer.stop();
    qrText = text;
    qrDeadline = flowDeadline;
    qCInfo(lcWidgets) << "the page's QR was read";
    Q_EMIT q->qrChanged(text);
    if (widget->state() == State::QrShown)
        setState(State::QrShown);
}

// A tool may quit the moment it is told it is signed in: the session is in the keychain by
// then (or the manager has said why not: SessionManager::storageError()).
void HeadlessLoginPrivate::store()
{
    const quint64 current = ++storing;
    AuthReply *reply = sessionManager->setSession(widget->session());
    QObject::connect(reply, &AuthReply::finished, q, [this, current] {
        if (current != storing)
            return; // cancelled or started again meanwhile
        setState(State::SignedIn);
    });
}

void HeadlessLoginPrivate::failUnreadable()
{
    qCWarning(lcWidgets) << "the QR on WeChat's page could not be read";
    {
        const QScopedValueRollback<bool> quiet(ending, true);
        widget->cancel(); // the flow ends here: nothing shown can be scanned
    }
    ownError = AuthError(AuthError::Kind::InvalidResponse,
                         QStringLiteral("the QR code on WeChat's page could not be read"));
    clearQr();
    setState(State::Failed);
}

// --- HeadlessLogin -----------------------------------------------------------------------

HeadlessLogin::HeadlessLogin(const AuthConfig &config, QObject *parent)
    : QObject(parent)
    , d_ptr(std::make_unique<HeadlessLoginPrivate>(this))
{
    Q_D(HeadlessLogin);
    Q_ASSERT_X(qobject_cast<QApplication *>(QCoreApplication::instance()), "HeadlessLogin",
               "needs a QApplication (on the offscreen platform without a display)");
    d->widget = std::make_unique<LoginWidget>(config);
    d->widget->setObjectName(QStringLiteral("headlessLoginWidget"));
    d->widget->resize(PageSize);
    // Shown, but never on a screen: the page lays out and paints, and nothing is mapped.
    d->widget->setAttribute(Qt::WA_DontShowOnScreen);
    d->widget->show();
    d->readTimer.setSingleShot(true);
    connect(&d->readTimer, &QTimer::timeout, this, [d] { d->readQr(); });
    LoginWidget *widget = d->widget.get();
    connect(widget, &LoginWidget::stateChanged, this, [d](State s) { d->onWidgetState(s); });
    // A renewal from Loading to Loading is no state change: the QR is cleared all the same.
    connect(widget, &LoginWidget::loading, this, [d] { d->onWidgetState(State::Loading); });
    connect(widget, &LoginWidget::flowRenewed, this, &HeadlessLogin::flowRenewed);
    connect(widget, &LoginWidget::fastLoginChanged, this, &HeadlessLogin::fastLoginChanged);
    connect(widget, &LoginWidget::flowRenewIntervalMsChanged, this,
            &HeadlessLogin::flowRenewIntervalMsChanged);
    connect(widget, &LoginWidget::renewalLimitChanged, this, &HeadlessLogin::renewalLimitChanged);
    connect(widget, &LoginWidget::proxyAuthenticationRequired, this,
            &HeadlessLogin::proxyAuthenticationRequired, Qt::DirectConnection);
}

HeadlessLogin::~HeadlessLogin()
{
    Q_D(HeadlessLogin);
    d->readTimer.stop();
    d->widget->disconnect(this);
    d->widget.reset(); // its page and profile, before anything else goes
}

bool HeadlessLogin::useOffscreenPlatformWithoutDisplay()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        return false;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
#else
    return false; // a desktop session always has its window system
#endif
}

AuthConfig HeadlessLogin::config() const
{
    return d_ptr->widget->config();
}

void HeadlessLogin::setConfig(const AuthConfig &config)
{
    d_ptr->widget->setConfig(config);
}

SessionManager *HeadlessLogin::sessionManager() const
{
    return d_ptr->sessionManager;
}

void HeadlessLogin::setSessionManager(SessionManager *manager)
{
    d_ptr->sessionManager = manager; // the widget gets none: this class stores, then says so
}

bool HeadlessLogin::fastLogin() const
{
    return d_ptr->widget->fastLogin();
}

void HeadlessLogin::setFastLogin(bool enabled)
{
    d_ptr->widget->setFastLogin(enabled);
}

int HeadlessLogin::flowRenewIntervalMs() const
{
    return d_ptr->widget->flowRenewIntervalMs();
}

void HeadlessLogin::setFlowRenewIntervalMs(int ms)
{
    d_ptr->widget->setFlowRenewIntervalMs(ms);
}

int HeadlessLogin::renewalLimit() const
{
    return d_ptr->widget->renewalLimit();
}

void HeadlessLogin::setRenewalLimit(int limit)
{
    d_ptr->widget->setRenewalLimit(limit);
}

HeadlessLogin::State HeadlessLogin::state() const
{
    return d_ptr->state;
}

QString HeadlessLogin::qrText() const
{
    return d_ptr->qrText;
}

QDeadlineTimer HeadlessLogin::qrDeadline() const
{
    return d_ptr->qrDeadline;
}

AuthError HeadlessLogin::error() const
{
    return d_ptr->ownError.isError() ? d_ptr->ownError : d_ptr->widget->error();
}

Session HeadlessLogin::session() const
{
    return d_ptr->widget->session();
}

void HeadlessLogin::start()
{
    ++d_ptr->storing;
    d_ptr->widget->start();
}

void HeadlessLogin::retry()
{
    Q_D(HeadlessLogin);
    if (d->ownError.isError())
        return d->widget->start(); // the page changed under us: a whole new flow
    d->widget->retry();
}

void HeadlessLogin::cancel()
{
    Q_D(HeadlessLogin);
    ++d->storing;
    d->widget->cancel();
    d->ownError = AuthError();
    d->clearQr();
    d->setState(State::Idle);
}

} // namespace WeChatLogin
