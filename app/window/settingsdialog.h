// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_SETTINGSDIALOG_H
#define WECHATLOGIN_APP_SETTINGSDIALOG_H

#include "appconfig.h"

// Qt
#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QPushButton;
class QLabel;
class QLineEdit;

namespace WeChatLogin {

/*
 * The connection (saved to the INI file, used from the next start) and the language
 * (applied at once, without a restart).
 */
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(const AppConfig &config, QWidget *parent = nullptr);

public Q_SLOTS:
    void accept() override;
    void reject() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    QString validate() const;

    AppConfig m_config;
    QLineEdit *m_url, *m_anonKey, *m_redirect, *m_provider, *m_trustHosts;
    QLabel *m_urlLabel, *m_anonKeyLabel, *m_redirectLabel, *m_providerLabel, *m_trustLabel,
        *m_languageLabel, *m_note, *m_error;
    QComboBox *m_language;
    QString m_initialLanguage;
    QDialogButtonBox *m_buttons;
    QPushButton *m_ok;
    QPushButton *m_cancel;
};

} // namespace WeChatLogin

#endif
