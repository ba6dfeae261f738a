// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "terminalsignin.h"
#include "appcontext.h"
#include "interruptwatch.h"
#include "proxycredentials.h"
#include "sandboxhost.h"
#include "verbjson.h"

// Qt
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QTextStream>
#include <QTimer>

#include <unistd.h>

namespace WeChatLogin {

namespace {

using State = HeadlessLogin::State;

// SGR: the status line's colour (not the QR's: it always has its own).
constexpr char Bold[] = "\x1b[1m";
constexpr char Green[] = "\x1b[32m";
constexpr char Yellow[] = "\x1b[33m";

bool noColorWanted()
{
    return !qEnvironmentVariableIsEmpty("NO_COLOR"); // https://no-color.org
}

} // namespace

TerminalSignIn::TerminalSignIn(AppContext &context, const Verbs::SignInOptions &options)
    : m_context(context)
    , m_options(options)
    // A dumb terminal draws no colour and maybe no UTF-8: ASCII unless asked otherwise.
    , m_style(TerminalQr::styleNamed(options.qrStyle)
                  .value_or(TerminalScreen::isDumb() ? TerminalQr::Style::Ascii
                                                     : TerminalQr::Style::HalfBlocks))
    , m_login(context.authConfig())
    , m_color(!noColorWanted() && m_style != TerminalQr::Style::Ascii)
{
    connect(&m_login, &HeadlessLogin::proxyAuthenticationRequired, &m_login,
            &ProxyCredentials::answer, Qt::DirectConnection);
    connect(&m_login, &HeadlessLogin::stateChanged, this, &TerminalSignIn::onStateChanged);
    connect(&m_login, &HeadlessLogin::qrChanged, this, &TerminalSignIn::onQrChanged);
    connect(&m_login, &HeadlessLogin::flowRenewed, this, [this] { m_renewing = true; });
    connect(&m_screen, &TerminalScreen::resized, this, &TerminalSignIn::redraw);
    connect(&m_screen, &TerminalScreen::enterPressed, this, &TerminalSignIn::onEnter);
    connect(&m_screen, &TerminalScreen::inputClosed, this, [this] {
        if (m_login.state() == State::Expired)
            onStateChanged(); // nobody can ask for a new QR any more
        redraw();
    });
    if (SandboxHost *sandbox = context.sandbox()) {
        connect(sandbox, &SandboxHost::qrCreated, this, [this, sandbox](const QString &uuid) {
            m_sandboxHint = tr("Sandbox mode: play the phone at %1")
                                .arg(sandbox->confirmPageUrl(uuid).toString());
            if (m_options.json)
                Verbs::err() << m_sandboxHint << Qt::endl;
            redraw();
        });
    }
}

TerminalSignIn::~TerminalSignIn() = default;

int TerminalSignIn::run()
{
    if (m_options.terminalChosen)
        Verbs::err() << tr("No display here: the QR code is drawn in this terminal (or --window).")
                     << Qt::endl;
    if (!m_options.json && !m_screen.enter()) {
        Verbs::err() << tr("sign-in --terminal draws the QR code on a terminal, and standard "
                           "output is not one. Use --json for the QR code's text.")
                     << Qt::endl;
        return Verbs::Usage;
    }
    m_screen.watchInput();
    const InterruptWatch interrupt; // Ctrl-C, TERM: cancelled, the page closed, exit 1
    connect(&interrupt, &InterruptWatch::interrupted, this, [this] {
        m_login.cancel();
        finish(Verbs::NotSignedIn);
    });
    QTimer deadline;
    if (m_options.timeoutGiven) {
        deadline.setSingleShot(true);
        deadline.setTimerType(Qt::PreciseTimer);
        connect(&deadline, &QTimer::timeout, this, [this] {
            m_login.cancel();
            finish(Verbs::Offline);
        });
        deadline.start(int(std::max<qint64>(1, m_context.deadline().remainingTime())));
    }
    redraw();
    m_login.start();
    QEventLoop loop;
    connect(this, &TerminalSignIn::done, &loop, &QEventLoop::quit);
    if (!m_done)
        loop.exec();
    deadline.stop();
    m_screen.leave();

    const Session session = m_login.session();
    const AuthError error = m_login.error();
    const State ended = m_login.state(); // before cancel() makes it Idle
    m_login.cancel();                    // the page closed, its long poll with it
    if (m_code == Verbs::Ok) {
        if (!m_options.timeoutGiven) // the person took their time: storing has its own
            m_context.setDeadline(QDeadlineTimer(qint64(Verbs::DefaultTimeoutSeconds) * 1000));
        const int code = Verbs::storeSignedIn(m_context, session, !m_options.json);
        if (code == Verbs::Ok) {
            emitEvent(QStringLiteral("signed_in"),
                      {{QStringLiteral("user"),
                        QJsonObject{{QStringLiteral("id"), session.userId()},
                                    {QStringLiteral("nickname"), session.nickname()},
                                    {QStringLiteral("avatar_url"), session.avatarUrl()}}},
                       {QStringLiteral("exit_code"), Verbs::Ok}});
        } else {
            emitEvent(QStringLiteral("failed"),
                      {{QStringLiteral("error"),
                        QJsonObject{{QStringLiteral("kind"), QStringLiteral("NotStored")},
                                    {QStringLiteral("message"),
                                     tr("Signed in, but the session could not be stored.")}}},
                       {QStringLiteral("exit_code"), code}});
        }
        return code;
    }
    QString message;
    AuthError reported = error;
    if (m_code == Verbs::Offline && !error.isError()) {
        message = tr("Nobody signed in within --timeout.");
        reported = AuthError(AuthError::Kind::Timeout, QStringLiteral("--timeout passed"));
    } else if (ended == State::Expired) {
        message = tr("The QR code expired: nobody scanned it. Run the command again.");
        reported = AuthError(AuthError::Kind::Cancelled, QStringLiteral("the QR code expired"));
    } else if (!error.isError()) {
        message = tr("Sign-in cancelled.");
        reported = AuthError(AuthError::Kind::Cancelled, QStringLiteral("cancelled"));
    } else {
        message = tr("Sign-in failed: %1").arg(Verbs::message(error));
    }
    Verbs::err() << message << Qt::endl;
    emitEvent(QStringLiteral("failed"),
              {{QStringLiteral("error"),
                QJsonObject{{QStringLiteral("kind"),
                             VerbJson::error(reported).toObject().value(QStringLiteral("kind"))},
                            {QStringLiteral("message"), message}}},
               {QStringLiteral("exit_code"), m_code}});
    return m_code;
}

void TerminalSignIn::finish(int code)
{
    if (m_done)
        return;
    m_done = true;
    m_code = code;
    Q_EMIT done(QPrivateSignal()); // ends run()'s loop
}

void TerminalSignIn::onStateChanged()
{
    const State state = m_login.state();
    switch (state) {
    case State::Scanned:
        emitEvent(QStringLiteral("scanned"));
        break;
    case State::Cancelled:
        emitEvent(QStringLiteral("cancelled"));
        break;
    case State::Expired:
        m_qr.reset();
        emitEvent(QStringLiteral("expired"));
        // A new QR is asked for with Enter (or a line on a pipe); with no input, it ends.
        if (!m_screen.isInputOpen())
            finish(Verbs::NotSignedIn);
        break;
    case State::SignedIn:
        finish(Verbs::Ok);
        break;
    case State::Failed: {
        const AuthError error = m_login.error();
        finish(Verbs::isUnreachable(error) ? Verbs::Offline : Verbs::NotSignedIn);
        break;
    }
    case State::QrShown:
        m_renewing = false;
        break;
    case State::Loading:
    case State::Exchanging:
    case State::Idle:
        break;
    }
    redraw();
}

void TerminalSignIn::onQrChanged(const QString &text)
{
    m_qr = text.isEmpty() ? std::nullopt : TerminalQr::encode(text.toUtf8());
    if (!text.isEmpty()) {
        const QDeadlineTimer until = m_login.qrDeadline();
        const qint64 inMs = std::max<qint64>(0, until.remainingTime());
        const qint64 atMs = QDateTime::currentMSecsSinceEpoch() + inMs;
        emitEvent(QStringLiteral("qr"),
                  {{QStringLiteral("qr"),
                    QJsonObject{{QStringLiteral("text"), text},
                                {QStringLiteral("expires_in"), (inMs + 999) / 1000},
                                {QStringLiteral("expires_at"), VerbJson::seconds(atMs)},
                                {QStringLiteral("expires_at_time"), VerbJson::isoTime(atMs)}}}});
    }
    redraw();
}

void TerminalSignIn::onEnter()
{
    if (m_done)
        return;
    if (m_login.state() == State::Expired) {
        m_renewing = false;
        m_login.start();
    }
}

void TerminalSignIn::emitEvent(const QString &event, const QJsonObject &fields)
{
    if (!m_options.json)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QJsonObject doc{{QStringLiteral("schema"), VerbJson::Schema},
                    {QStringLiteral("event"), event},
                    {QStringLiteral("at"), VerbJson::seconds(now)},
                    {QStringLiteral("at_time"), VerbJson::isoTime(now)},
                    {QStringLiteral("qr"), QJsonValue::Null},
                    {QStringLiteral("user"), QJsonValue::Null},
                    {QStringLiteral("error"), QJsonValue::Null},
                    {QStringLiteral("exit_code"), QJsonValue::Null}};
    for (auto it = fields.begin(); it != fields.end(); ++it)
        doc.insert(it.key(), it.value());
    Verbs::out() << QString::fromUtf8(VerbJson::line(doc));
    Verbs::out().flush();
}

QString TerminalSignIn::statusText() const
{
    switch (m_login.state()) {
    case State::Idle:
    case State::Loading:
        return m_renewing ? tr("The QR code is being renewed…") : tr("Loading WeChat's QR code…");
    case State::QrShown:
        return tr("Waiting for a scan: open WeChat on your phone and scan the QR code.");
    case State::Scanned:
        return tr("Scanned: confirm the sign-in on your phone.");
    case State::Cancelled:
        return tr("Cancelled on the phone. Scan the QR code again to sign in.");
    case State::Expired:
        return m_screen.isInputOpen() ? tr("The QR code expired. Press Enter for a new one.")
                                      : tr("The QR code expired.");
    case State::Exchanging:
        return tr("Confirmed on the phone: signing in…");
    case State::SignedIn:
        return tr("Signed in.");
    case State::Failed:
        return tr("Sign-in failed.");
    }
    return QString();
}

QStringList TerminalSignIn::statusLines(int columns) const
{
    const State state = m_login.state();
    const char *color = state == State::Scanned || state == State::Exchanging  ? Green
                        : state == State::Cancelled || state == State::Expired ? Yellow
                                                                               : Bold;
    QStringList lines;
    for (const QString &line : TerminalScreen::wrap(statusText(), columns))
        lines << (m_color ? QString::fromLatin1(color) + line : line);
    for (const QString &line : TerminalScreen::wrap(tr("Ctrl-C cancels."), columns))
        lines << line;
    if (!m_sandboxHint.isEmpty())
        lines << TerminalScreen::wrap(m_sandboxHint, columns);
    return lines;
}

// A dumb terminal: each new QR once (with the title), then each new status line, appended.
void TerminalSignIn::printPlain()
{
    const int columns = m_screen.size().width();
    QStringList lines;
    const State state = m_login.state();
    const bool showQr =
        m_qr && (state == State::QrShown || state == State::Scanned || state == State::Cancelled);
    const QString qrText = showQr ? m_login.qrText() : QString();
    if (!qrText.isEmpty() && qrText != m_printedQr) {
        lines << TerminalScreen::wrap(
            tr("Sign in with WeChat: scan this QR code with WeChat on your phone."), columns);
        QString why;
        const QStringList qr = m_qr->render(m_style, columns, 1000, &why);
        lines << (qr.isEmpty() ? TerminalScreen::wrap(why, columns) : qr);
    }
    m_printedQr = qrText.isEmpty() ? m_printedQr : qrText;
    const QString status = statusText();
    if (status != m_printedStatus || !lines.isEmpty())
        lines << TerminalScreen::wrap(status, columns);
    m_printedStatus = status;
    if (!m_sandboxHint.isEmpty() && m_sandboxHint != m_printedHint) {
        lines << TerminalScreen::wrap(m_sandboxHint, columns);
        m_printedHint = m_sandboxHint;
    }
    m_screen.print(lines);
}

void TerminalSignIn::redraw()
{
    if (!m_screen.isEntered() || m_done)
        return;
    if (m_screen.isPlain())
        return printPlain();
    const QSize size = m_screen.size();
    const int columns = size.width();
    QStringList top;
    for (const QString &line : TerminalScreen::wrap(
             tr("Sign in with WeChat: scan this QR code with WeChat on your phone."), columns))
        top << (m_color ? QString::fromLatin1(Bold) + line : line);
    const QStringList bottom = statusLines(columns);
    const int qrRows = size.height() - int(top.size()) - int(bottom.size()) - 1;
    QStringList frame = top;
    const State state = m_login.state();
    const bool showQr =
        m_qr && (state == State::QrShown || state == State::Scanned || state == State::Cancelled);
    if (showQr) {
        QString why;
        const QStringList qr = m_qr->render(m_style, columns, std::max(0, qrRows), &why);
        if (qr.isEmpty()) {
            frame << QString();
            frame << TerminalScreen::wrap(why, columns);
        } else {
            frame << qr;
        }
    } else {
        frame << QString();
    }
    frame << bottom;
    while (frame.size() > size.height()) // a terminal smaller than the words: the top first
        frame.removeFirst();
    m_screen.draw(frame);
}

} // namespace WeChatLogin
