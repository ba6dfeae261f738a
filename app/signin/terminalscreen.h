// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_TERMINALSCREEN_H
#define WECHATLOGIN_APP_TERMINALSCREEN_H

// Qt
#include <QObject>
#include <QSize>
#include <QStringList>

#include <memory>

class QSocketNotifier;

namespace WeChatLogin {

/*
 * The terminal as a screen that is drawn whole, in place: the alternate screen (the
 * person's scrollback is left as it was, and comes back at the end), the cursor hidden,
 * typed keys not echoed over the drawing, the window's size followed (SIGWINCH). Enter on
 * standard input is a signal; Ctrl-C still interrupts (InterruptWatch). Everything is
 * restored when it is left or destroyed.
 */
class TerminalScreen : public QObject
{
    Q_OBJECT
public:
    explicit TerminalScreen(QObject *parent = nullptr);
    ~TerminalScreen() override;

    static bool isTerminal(int fd);
    // Cells a text takes on a terminal: East Asian wide characters take two.
    static int displayWidth(const QString &text);
    // text in lines of at most columns cells, broken at spaces where it can be.
    static QStringList wrap(const QString &text, int columns);

    // A terminal that understands no escape sequence (TERM=dumb: Emacs' shell, some CI
    // logs): nothing is drawn in place there; lines are appended (print()).
    static bool isDumb();

    // Standard output's columns x rows; 80 x 24 when it cannot be told.
    QSize size() const;
    // Takes the screen (alternate screen, no cursor, no echo); false if stdout is no terminal.
    bool enter();
    // Gives it back as it was.
    void leave();
    bool isEntered() const { return m_entered; }
    bool isPlain() const { return m_plain; }
    // Clears the screen and draws lines from its top left corner, in one write.
    void draw(const QStringList &lines);
    // Appends lines below what is there (a dumb terminal's way), in one write.
    void print(const QStringList &lines);

    // Reads standard input for Enter (a terminal, a pipe: lines); inputClosed() at its end.
    void watchInput();
    bool isInputOpen() const { return m_inputOpen; }

Q_SIGNALS:
    void resized();
    void enterPressed();
    void inputClosed();

private:
    void readInput();

    bool m_entered = false;
    bool m_plain = false;
    bool m_inputOpen = false;
    bool m_termiosSaved = false;
    std::unique_ptr<QSocketNotifier> m_input;
    std::unique_ptr<QSocketNotifier> m_resize;
    struct Saved;
    std::unique_ptr<Saved> m_saved;
};

} // namespace WeChatLogin

#endif
