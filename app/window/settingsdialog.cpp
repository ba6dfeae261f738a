// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "settingsdialog.h"
#include <WeChatLogin/autherror.h>

// Qt
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace WeChatLogin {

SettingsDialog::SettingsDialog(const AppConfig &config, QWidget *parent)
    : QDialog(parent)
    , m_config(config)
{
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    auto row = [&](QLabel *&label, QLineEdit *&edit, const QString &value) {
        label = new QLabel(this);
        edit = new QLineEdit(value, this);
        edit->setClearButtonEnabled(true);
        label->setBuddy(edit);
        form->addRow(label, edit);
    };
    row(m_urlLabel, m_url, config.url());
    row(m_anonKeyLabel, m_anonKey, config.anonKey());
    row(m_redirectLabel, m_redirect, config.redirectTo());
    row(m_providerLabel, m_provider, config.provider());
    row(m_trustLabel, m_trustHosts, config.trustHosts().join(QStringLiteral(", ")));
    m_anonKey->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_languageLabel = new QLabel(this);
    m_language = new QComboBox(this);
    m_language->addItem(QString(), QString());
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_initialLanguage = AppConfig::appliedLanguage();
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_initialLanguage)));
    m_languageLabel->setBuddy(m_language);
    form->addRow(m_languageLabel, m_language);
    layout->addLayout(form);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();
    layout->addWidget(m_error);
    // Buttons of our own, not standard ones: a QDialogButtonBox puts Qt's untranslated texts
    // back on its standard buttons at every language change.
    m_buttons = new QDialogButtonBox(this);
    m_ok = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_ok->setDefault(true);
    m_cancel = m_buttons->addButton(QString(), QDialogButtonBox::RejectRole);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    // The language applies as soon as it is picked.
    connect(m_language, &QComboBox::currentIndexChanged, this,
            [this] { AppConfig::applyLanguage(m_language->currentData().toString()); });
    retranslate();
    resize(520, sizeHint().height());
}

void SettingsDialog::retranslate()
{
    setWindowTitle(tr("Settings"));
    m_urlLabel->setText(tr("Project &URL:"));
    m_url->setPlaceholderText(tr("empty: the built-in sandbox"));
    m_anonKeyLabel->setText(tr("&Anon key:"));
    m_redirectLabel->setText(tr("&Redirect URL:"));
    m_redirect->setPlaceholderText(tr("empty: the project's Site URL"));
    m_providerLabel->setText(tr("&Provider:"));
    m_provider->setPlaceholderText(QStringLiteral("wechat_qr"));
    m_trustLabel->setText(tr("&Trusted hosts:"));
    m_trustHosts->setPlaceholderText(tr("extra HOST[:PORT], comma separated"));
    m_languageLabel->setText(tr("&Language:"));
    m_language->setItemText(0, tr("System"));
    m_ok->setText(tr("OK"));
    m_cancel->setText(tr("Cancel"));
    const QStringList overridden = m_config.overriddenSettings();
    QString note = tr("Saved to %1. Connection changes apply the next time wechat-login "
                      "starts; the language applies now.")
                       .arg(AppConfig::filePath());
    if (!overridden.isEmpty())
        note += u' '
                + tr("The command line or environment currently overrides: %1.")
                      .arg(overridden.join(QStringLiteral(", ")));
    m_note->setText(note);
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

QString SettingsDialog::validate() const
{
    const QString url = m_url->text().trimmed();
    const QString key = m_anonKey->text().trimmed();
    if (url.isEmpty() && key.isEmpty()) {
        if (!m_redirect->text().trimmed().isEmpty() || !m_provider->text().trimmed().isEmpty())
            return tr("Set the project URL and anon key too, or clear the redirect URL and "
                      "provider to use the sandbox.");
        return {};
    }
    if (url.isEmpty())
        return tr("Project URL: required when an anon key is set.");
    if (key.isEmpty())
        return tr("Anon key: required when a project URL is set.");
    AuthConfig config(QUrl(url, QUrl::StrictMode), key);
    if (!m_redirect->text().trimmed().isEmpty())
        config.setRedirectUrl(QUrl(m_redirect->text().trimmed(), QUrl::StrictMode));
    if (!m_provider->text().trimmed().isEmpty())
        config.setProvider(m_provider->text().trimmed());
    const AuthError error = config.validate();
    return error.kind() == AuthError::Kind::NoError ? QString() : error.message();
}

void SettingsDialog::reject()
{
    if (AppConfig::appliedLanguage() != m_initialLanguage)
        AppConfig::applyLanguage(m_initialLanguage); // cancelled: back to the language before
    QDialog::reject();
}

void SettingsDialog::accept()
{
    QString error = validate();
    QStringList hosts;
    for (const QString &h : m_trustHosts->text().split(u',', Qt::SkipEmptyParts))
        hosts << h.trimmed();
    if (error.isEmpty())
        AppConfig::save(m_url->text(), m_anonKey->text(), m_redirect->text(), m_provider->text(),
                        hosts, m_language->currentData().toString(), &error);
    if (!error.isEmpty()) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace WeChatLogin
