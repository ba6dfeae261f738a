// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_STATUSLINE_H
#define WECHATLOGIN_APP_STATUSLINE_H

// Qt
#include <QLabel>

#include <functional>

namespace WeChatLogin {

class AuthError;

/*
 * The window's one line of news: plain text, selectable, announced to screen readers, and
 * said again in the new language when the language changes (it keeps how to say it, not
 * what it said).
 */
class StatusLine : public QLabel
{
    Q_OBJECT
public:
    explicit StatusLine(QWidget *parent = nullptr);

    void say(std::function<QString()> text);
    void sayError(const AuthError &error); // its translated userMessage()
    void clear();

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    std::function<QString()> m_text;
};

} // namespace WeChatLogin

#endif
