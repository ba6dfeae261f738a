// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_ERRORPANEL_P_H
#define WECHATLOGIN_ERRORPANEL_P_H

// Qt
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace WeChatLogin {

/*
 * What LoginWidget shows when a sign-in failed: a title, a hint a person can act on, a
 * retry button and the technical details behind a toggle. Every text is plain text: the
 * title and details can carry what a server said.
 */
class ErrorPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ErrorPanel(QWidget *parent = nullptr);

    void setError(const QString &title, const QString &hint, const QString &details);
    void setTitle(const QString &title);
    QString title() const;
    void retranslate();
    void focusRetry();

Q_SIGNALS:
    void retryRequested();

private:
    QLabel *m_title = nullptr;
    QLabel *m_hint = nullptr;
    QPushButton *m_retry = nullptr;
    QToolButton *m_detailsButton = nullptr;
    QPlainTextEdit *m_details = nullptr;
};

} // namespace WeChatLogin

#endif
