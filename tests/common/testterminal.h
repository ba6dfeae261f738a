// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTTERMINAL_H
#define WECHATLOGIN_TESTS_TESTTERMINAL_H

// Qt
#include <QByteArray>
#include <QImage>
#include <QProcessEnvironment>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace WeChatLogin::Test {

/*
 * A real terminal for a test: a tmux server of its own (own socket, no user config),
 * running one command in a window of a given size, read back as a person would see it
 * (capture-pane: the cells, with their colours), typed at (send-keys), resized. The
 * server and everything in it is killed when the object goes.
 */
class Tmux
{
public:
    Tmux();
    ~Tmux();

    // Runs command (argv, run by sh with each word quoted) with exactly env in a window of
    // size columns x rows. The pane stays after the command ends, for exitStatus().
    bool start(const QStringList &command, const QProcessEnvironment &env, QSize size,
               QString *why = nullptr);
    // The screen: with escapes, the cells' colours as SGR sequences (capture-pane -e -N).
    QByteArray capture() const;
    // The screen's text alone (and what scrolled off it), lines joined with '\n'.
    QString text() const;
    bool sendKeys(const QStringList &keys);
    bool resize(QSize size);
    // -1 while the command runs, else its exit status.
    int exitStatus() const;

private:
    QByteArray tmux(const QStringList &args, bool *ok = nullptr) const;

    QTemporaryDir m_dir;
    bool m_started = false;
};

// A terminal's default colours: light text on black, or dark text on white.
enum class ColorScheme { Dark, Light };

// What a captured screen looks like: each cell 4 x 8 pixels in its colours (the 256-colour
// palette, the scheme's defaults, reverse video), the half blocks ▀ ▄ █ as their halves,
// any other visible character as its foreground colour; a margin of the background around.
QImage terminalImage(const QByteArray &capture, ColorScheme scheme);
// The same capture as a terminal shows it, for a person to look at: 9 x 18 pixel cells,
// the characters in DejaVu Sans Mono, the block elements drawn exactly.
QImage terminalScreenshot(const QByteArray &capture, ColorScheme scheme, int columns, int rows);

} // namespace WeChatLogin::Test

#endif
