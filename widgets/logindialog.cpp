// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "logindialog.h"
#include "loginwidget_p.h"

#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace WeChatLogin {

class LoginDialogPrivate
{
public:
    LoginWidget *widget = nullptr;
    QLabel *heading = nullptr;
    QDialogButtonBox *buttons = nullptr;
    LoginResult result;
    bool started = false;

    void retranslate(LoginDialog *q)
    {
        q->setWindowTitle(LoginDialog::tr("Sign in with WeChat"));
        heading->setText(LoginDialog::tr("Scan with WeChat to sign in"));
        QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
        cancel->setText(LoginDialog::tr("Cancel"));
        cancel->setAccessibleName(LoginDialog::tr("Cancel the sign-in"));
    }
};

LoginDialog::LoginDialog(const AuthConfig &config, QWidget *parent)
    : QDialog(parent)
    , d_ptr(std::make_unique<LoginDialogPrivate>())
{
    Q_D(LoginDialog);
    auto *layout = new QVBoxLayout(this);
    d->heading = new QLabel(this);
    d->heading->setAlignment(Qt::AlignCenter);
    QFont font = d->heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.2);
    d->heading->setFont(font);
    layout->addWidget(d->heading);
    d->widget = LoginWidgetPrivate::takePrewarmed(config, this); // its QR fitted already
    if (!d->widget)
        d->widget = new LoginWidget(config, this);
    layout->addWidget(d->widget, 1);
    d->buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    layout->addWidget(d->buttons);
    d->result.error = AuthError(AuthError::Kind::Cancelled, QStringLiteral("not signed in yet"));

    connect(d->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Escape closes it wherever the focus is: the web view keeps the keys it gets for the
    // page, so QDialog's own Escape never sees them.
    new QShortcut(QKeySequence(Qt::Key_Escape), this, this, &QDialog::reject);
    connect(d->widget, &LoginWidget::signedIn, this, [this, d](const Session &session) {
        d->result.session = session;
        d->result.error = AuthError();
        accept();
    });
    connect(d->widget, &LoginWidget::failed, this,
            [d](const AuthError &error) { d->result.error = error; });
    connect(this, &QDialog::rejected, this, [d] {
        // Closed after a failure: the failure is the result, not a cancellation.
        const bool failed = d->widget->state() == LoginWidget::State::Failed;
        d->widget->cancel();
        if (d->result.session.isValid())
            return;
        if (!failed)
            d->result.error = AuthError(AuthError::Kind::Cancelled,
                                        QStringLiteral("the user closed the sign-in dialog"));
    });
    d->retranslate(this);
    resize(360, 480);
}

LoginDialog::~LoginDialog() = default;

LoginWidget *LoginDialog::loginWidget() const
{
    return d_ptr->widget;
}

LoginResult LoginDialog::result() const
{
    return d_ptr->result;
}

LoginResult LoginDialog::signIn(QWidget *parent, const AuthConfig &config,
                                SessionManager *sessionManager)
{
    LoginDialog dialog(config, parent);
    dialog.loginWidget()->setSessionManager(sessionManager);
    dialog.exec();
    return dialog.result();
}

void LoginDialog::showEvent(QShowEvent *event)
{
    Q_D(LoginDialog);
    QDialog::showEvent(event);
    if (!d->started) { // each dialog is one sign-in; retry() starts again inside it
        d->started = true;
        if (d->widget->state() == LoginWidget::State::Idle) // else a pre-warmed flow
            d->widget->start();
        d->widget->setFocus();
    }
}

void LoginDialog::changeEvent(QEvent *event)
{
    Q_D(LoginDialog);
    if (event->type() == QEvent::LanguageChange)
        d->retranslate(this);
    QDialog::changeEvent(event);
}

} // namespace WeChatLogin
