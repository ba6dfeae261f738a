// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "proxydialog.h"
#include "proxycredentials.h"

// Qt
#include <QApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace WeChatLogin {

ProxyDialog::ProxyDialog(const QString &proxy, QWidget *parent)
    : QDialog(parent)
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
{
    setWindowTitle(tr("Proxy sign-in"));
    auto *layout = new QVBoxLayout(this);
    auto *text = new QLabel(tr("The proxy %1 asks for a user name and password. They are kept "
                               "until the app quits, never stored.")
                                .arg(proxy),
                            this);
    text->setTextFormat(Qt::PlainText);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto *form = new QFormLayout;
    m_user->setObjectName(QStringLiteral("proxyUser"));
    m_password->setObjectName(QStringLiteral("proxyPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign in to the proxy"));
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    setMinimumWidth(380);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString ProxyDialog::user() const
{
    return m_user->text();
}

QString ProxyDialog::password() const
{
    return m_password->text();
}

void ProxyDialog::installAsker()
{
    ProxyCredentials::setAsker([](const QString &proxy, QString *user, QString *password) {
        ProxyDialog dialog(proxy, QApplication::activeWindow());
        if (dialog.exec() != QDialog::Accepted)
            return false;
        *user = dialog.user();
        *password = dialog.password();
        return true;
    });
}

} // namespace WeChatLogin
