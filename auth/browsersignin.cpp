// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "browsersignin.h"
#include "authclient.h"
#include "authlogging.h"
#include "authreply.h"
#include "browserpages_p.h"
#include "callbackurl.h"
#include "loopbackserver_p.h"
#include "redirectprobe_p.h"
#include "sessionmanager.h"
#include "systembrowser_p.h"

// Qt
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <QProcess>
#include <QTimer>

namespace WeChatLogin {

namespace {
// How long the desktop's opener may run before it counts as having opened the browser
// (xdg-open waits for a browser it started itself; only a quick failure is a failure).
constexpr int OpenerGraceMs = 5000;
} // namespace

class BrowserSignInPrivate
{
public:
    explicit BrowserSignInPrivate(BrowserSignIn *q)
        : q_ptr(q)
    {}

    void setState(BrowserSignIn::State s);
    void open();
    void probeDone(const Internal::RedirectProbe::Result &result);
    void taken(const QUrl &url);
    void exchanged(AuthReply *reply);
    void finish(const Session &session, const AuthError &error);
    AuthError notBackError(const QString &landed) const;

    BrowserSignIn *q_ptr;
    AuthConfig config;
    QPointer<SessionManager> manager;
    BrowserSignIn::UrlOpener opener;
    bool opensBrowser = true;
    bool browserCameBack = false; // in the flow that runs or last ended
    int timeoutMs = BrowserSignIn::DefaultTimeoutMs;
    BrowserSignIn::State state = BrowserSignIn::State::Idle;

    // One flow's parts; gone when it ends.
    std::unique_ptr<Internal::LoopbackServer> server;
    std::unique_ptr<AuthClient> client;
    std::unique_ptr<Internal::RedirectProbe> probe;
    QPointer<AuthReply> reply;
    QTimer deadline;
    QUrl authorizeUrl;
    QString verifier;
    bool finished = true;

    Q_DECLARE_PUBLIC(BrowserSignIn)
};

void BrowserSignInPrivate::setState(BrowserSignIn::State s)
{
    if (state == s)
        return;
    state = s;
    Q_EMIT q_ptr->stateChanged(s);
}

AuthError BrowserSignInPrivate::notBackError(const QString &landed) const
{
    // The technical message is where GoTrue sends the browser (a URL), or that the deadline
    // passed; userMessage() makes the sentence with the allow-list entry to add.
    return AuthError(AuthError::Kind::BrowserDidNotReturn,
                     landed.isEmpty() ? QStringLiteral("no answer from the browser in time")
                                      : landed);
}

void BrowserSignInPrivate::open()
{
    Q_Q(BrowserSignIn);
    if (!opensBrowser)
        return;
    QString why;
    bool opened = false;
    if (opener) {
        opened = opener(authorizeUrl, &why);
    } else if (QProcess *process = Internal::startSystemBrowser(authorizeUrl, &why)) {
        opened = true;
        // A quick failure of the opener is a failure to open (xdg-open: 3, no browser
        // found; 4, it failed); one still running after a while has started a browser.
        QElapsedTimer since;
        since.start();
        QObject::connect(
            process, &QProcess::finished, q,
            [this, since, program = process->program()](int code, QProcess::ExitStatus status) {
                if (finished || since.elapsed() > OpenerGraceMs
                    || (status == QProcess::NormalExit && code == 0))
                    return;
                const QString failed =
                    BrowserSignIn::tr("%1 could not open a browser (exit code %2)")
                        .arg(program)
                        .arg(code);
                qCWarning(lcAuth) << "browser sign-in:" << failed;
                Q_EMIT q_ptr->browserOpenFailed(failed);
            });
    }
    if (!opened) {
        if (why.isEmpty())
            why = BrowserSignIn::tr("the browser could not be opened");
        qCWarning(lcAuth) << "browser sign-in: the browser could not be opened:" << why;
        Q_EMIT q->browserOpenFailed(why);
        return;
    }
    Q_EMIT q->browserOpened();
}

void BrowserSignInPrivate::probeDone(const Internal::RedirectProbe::Result &result)
{
    if (finished || result.outcome != Internal::RedirectProbe::Outcome::Elsewhere)
        return; // comes back, or could not tell (the real flow may still work)
    qCWarning(lcAuth) << "browser sign-in: GoTrue does not send the browser back to loopback";
    finish({}, notBackError(result.landed));
}

void BrowserSignInPrivate::taken(const QUrl &url)
{
    Q_Q(BrowserSignIn);
    if (probe) { // the browser came back: nothing left to find out
        probe->disconnect(q);
        probe.release()->deleteLater();
    }
    setState(BrowserSignIn::State::Exchanging);
    const QPointer<BrowserSignIn> alive(q);
    browserCameBack = true;
    Q_EMIT q->browserReturned();
    if (!alive || finished)
        return;
    const CallbackUrl callback = CallbackUrl::parse(url, server->redirectUrl());
    switch (callback.kind()) {
    case CallbackUrl::Kind::Code:
        reply = client->completeSignIn(callback, verifier);
        QObject::connect(reply, &AuthReply::finished, q, [this, r = reply] { exchanged(r); });
        return;
    case CallbackUrl::Kind::Error:
    case CallbackUrl::Kind::Malformed:
        finish({}, callback.error());
        return;
    default:
        finish({}, AuthError(AuthError::Kind::InvalidResponse,
                             QStringLiteral("the browser came back without a code or an "
                                            "error")));
        return;
    }
}

void BrowserSignInPrivate::exchanged(AuthReply *done)
{
    Q_Q(BrowserSignIn);
    done->deleteLater();
    if (finished)
        return;
    const Session session = done->session();
    if (done->error().isError() || !session.isValid()) {
        finish({}, done->error().isError()
                       ? done->error()
                       : AuthError(AuthError::Kind::InvalidResponse,
                                   QStringLiteral("the exchange gave no session")));
        return;
    }
    if (!manager) {
        finish(session, {});
        return;
    }
    // finished() means stored: the keychain's answer comes first.
    reply = manager->setSession(session);
    QObject::connect(reply, &AuthReply::finished, q, [this, session, r = reply] {
        r->deleteLater();
        finish(session, r->error());
    });
}

void BrowserSignInPrivate::finish(const Session &session, const AuthError &error)
{
    Q_Q(BrowserSignIn);
    if (finished)
        return;
    finished = true;
    deadline.stop();
    // The flow's parts go once this turn of the event loop is over: finish() may run inside
    // one of their own signals (the probe's answer, the client's reply).
    if (probe) {
        probe->disconnect(q);
        probe.release()->deleteLater();
    }
    if (reply) {
        reply->disconnect(q);
        reply->abort();
        reply->deleteLater();
    }
    if (server) {
        Internal::BrowserPage page;
        if (session.isValid() && !error.isError()) {
            page.kind = Internal::BrowserPage::Kind::SignedIn;
        } else {
            page.kind = Internal::BrowserPage::Kind::Failed;
            page.detail = session.isValid()
                              ? BrowserSignIn::tr("You are signed in, but the session could "
                                                  "not be saved: %1")
                                    .arg(error.userMessage())
                              : error.userMessage();
            if (error.kind() == AuthError::Kind::AccessDenied
                || error.kind() == AuthError::Kind::ProviderError) {
                // GoTrue's own words, as plain text (a refusal on the phone, a provider
                // switched off): the page shows them after the sentence.
                if (!error.message().isEmpty())
                    page.detail += QLatin1Char(' ') + error.message();
            }
        }
        server->answer(page);
        // The listener goes with the flow, once the page is on its way.
        server.release()->deleteWhenAnswered();
    }
    if (client)
        client.release()->deleteLater();
    authorizeUrl.clear();
    verifier.clear();
    setState(BrowserSignIn::State::Idle);
    qCInfo(lcAuth) << "browser sign-in ended:"
                   << (session.isValid() ? "signed in" : qUtf8Printable(error.toString()));
    const QPointer<BrowserSignIn> alive(q);
    Q_EMIT q->finished(session, error);
    if (alive && session.isValid())
        Q_EMIT q->signedIn(session);
}

BrowserSignIn::BrowserSignIn(const AuthConfig &config, QObject *parent)
    : QObject(parent)
    , d_ptr(std::make_unique<BrowserSignInPrivate>(this))
{
    Q_D(BrowserSignIn);
    d->config = config;
    d->deadline.setSingleShot(true);
    d->deadline.setTimerType(Qt::PreciseTimer); // never early: the app may compare times
    connect(&d->deadline, &QTimer::timeout, this, [d] { d->finish({}, d->notBackError({})); });
}

BrowserSignIn::~BrowserSignIn()
{
    Q_D(BrowserSignIn);
    const QSignalBlocker quiet(this); // nothing is told from a destructor
    if (!d->finished)
        d->finish({}, AuthError(AuthError::Kind::Cancelled, QStringLiteral("destroyed")));
}

AuthConfig BrowserSignIn::config() const
{
    return d_ptr->config;
}

void BrowserSignIn::setConfig(const AuthConfig &config)
{
    d_ptr->config = config;
}

SessionManager *BrowserSignIn::sessionManager() const
{
    return d_ptr->manager;
}

void BrowserSignIn::setSessionManager(SessionManager *manager)
{
    d_ptr->manager = manager;
}

void BrowserSignIn::setUrlOpener(UrlOpener opener)
{
    d_ptr->opener = std::move(opener);
}

bool BrowserSignIn::opensBrowser() const
{
    return d_ptr->opensBrowser;
}

void BrowserSignIn::setOpensBrowser(bool open)
{
    d_ptr->opensBrowser = open;
}

int BrowserSignIn::timeoutMs() const
{
    return d_ptr->timeoutMs;
}

void BrowserSignIn::setTimeoutMs(int ms)
{
    d_ptr->timeoutMs = ms > 0 ? ms : DefaultTimeoutMs;
}

BrowserSignIn::State BrowserSignIn::state() const
{
    return d_ptr->state;
}

QUrl BrowserSignIn::authorizeUrl() const
{
    return d_ptr->authorizeUrl;
}

QUrl BrowserSignIn::redirectUrl() const
{
    return d_ptr->server ? d_ptr->server->redirectUrl() : QUrl();
}

QString BrowserSignIn::allowListEntry()
{
    return QStringLiteral("http://127.0.0.1:*/**");
}

void BrowserSignIn::start()
{
    Q_D(BrowserSignIn);
    if (!d->finished)
        return;
    d->finished = false;
    d->browserCameBack = false;
    AuthConfig flow = d->config;
    flow.setFlowType(AuthConfig::FlowType::Pkce); // a fragment never reaches the listener
    flow.setRedirectUrl(QUrl(QStringLiteral("http://127.0.0.1/"))); // checked below, as used
    const AuthError invalid = flow.validate();
    if (invalid.isError()) {
        QTimer::singleShot(0, this, [d, invalid] { d->finish({}, invalid); });
        return;
    }
    d->server = std::make_unique<Internal::LoopbackServer>();
    d->server->setAppName(QCoreApplication::applicationName());
    QString why;
    if (!d->server->listen(&why)) {
        const AuthError failed(AuthError::Kind::ConfigError,
                               tr("no loopback port could be opened for the browser to come "
                                  "back to (%1)")
                                   .arg(why));
        QTimer::singleShot(0, this, [d, failed] { d->finish({}, failed); });
        return;
    }
    connect(d->server.get(), &Internal::LoopbackServer::callbackReceived, this,
            [d](const QUrl &url) { d->taken(url); });
    flow.setRedirectUrl(d->server->redirectUrl());
    d->client = std::make_unique<AuthClient>(flow);
    if (d->manager && d->manager->client())
        d->client->setNetworkAccessManager(d->manager->client()->networkAccessManager());
    const AuthorizeRequest request = d->client->prepareAuthorize();
    d->authorizeUrl = request.url;
    d->verifier = request.codeVerifier;
    d->deadline.start(d->timeoutMs);
    d->setState(State::Waiting);
    const QPointer<BrowserSignIn> alive(this);
    Q_EMIT authorizeUrlChanged(d->authorizeUrl);
    if (!alive || d->finished)
        return;
    // A dry run on the server (its own flow, never followed): does GoTrue send a browser
    // back to this address, or to the Site URL? Meanwhile the browser opens.
    d->probe = std::make_unique<Internal::RedirectProbe>(d->client.get(), d->server->redirectUrl());
    connect(d->probe.get(), &Internal::RedirectProbe::done, this,
            [d](const Internal::RedirectProbe::Result &result) { d->probeDone(result); });
    d->probe->start();
    d->open();
}

bool BrowserSignIn::hasBrowserReturned() const
{
    return d_ptr->browserCameBack;
}

void BrowserSignIn::cancel()
{
    Q_D(BrowserSignIn);
    if (d->finished)
        return;
    // Given up while the browser never came back: perhaps it went elsewhere.
    const QString hint = d->state == State::Waiting ? d->notBackError({}).userMessage() : QString();
    d->finish({}, AuthError(AuthError::Kind::Cancelled,
                            hint.isEmpty() ? QStringLiteral("the sign-in was cancelled") : hint));
}

bool BrowserSignIn::openInSystemBrowser(const QUrl &url, QString *why)
{
    return Internal::startSystemBrowser(url, why) != nullptr;
}

} // namespace WeChatLogin
