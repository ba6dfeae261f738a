// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "terminalscreen.h"

// Qt
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

namespace WeChatLogin {

namespace {

constexpr char EnterScreen[] = "\x1b[?1049h\x1b[?25l"; // alternate screen, no cursor
constexpr char LeaveScreen[] = "\x1b[0m\x1b[?25h\x1b[?1049l";
constexpr int InputChunk = 256; // bytes read at a time; nothing is kept between reads

int resizePipe[2] = {-1, -1};
struct sigaction previousWinch = {};

extern "C" void onResize(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(resizePipe[0], &byte, 1);
}

void writeAll(const QByteArray &bytes)
{
    const char *at = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, at, size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // the terminal went away: nothing more to show
        at += n;
        left -= n;
    }
}

bool isWide(char32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F)
           || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF)
           || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60)
           || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F)
           || (c >= 0x20000 && c <= 0x3FFFD);
}

} // namespace

struct TerminalScreen::Saved
{
    termios attributes = {};
};

TerminalScreen::TerminalScreen(QObject *parent)
    : QObject(parent)
    , m_saved(std::make_unique<Saved>())
{}

TerminalScreen::~TerminalScreen()
{
    leave();
    m_input.reset();
}

bool TerminalScreen::isTerminal(int fd)
{
    return ::isatty(fd) == 1;
}

int TerminalScreen::displayWidth(const QString &text)
{
    int width = 0;
    for (const char32_t c : text.toUcs4()) {
        if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x200B)
            continue;
        width += isWide(c) ? 2 : 1;
    }
    return width;
}

QStringList TerminalScreen::wrap(const QString &text, int columns)
{
    QStringList lines;
    QString line;
    int lineWidth = 0;
    int lastSpace = -1; // in line
    for (const QChar c : text) {
        const int w = displayWidth(QString(c));
        if (lineWidth + w > columns && !line.isEmpty()) {
            if (lastSpace > 0 && c != u' ') { // break at the last space
                const QString rest = line.mid(lastSpace + 1);
                lines << line.left(lastSpace);
                line = rest;
                lineWidth = displayWidth(rest);
            } else {
                lines << line;
                line.clear();
                lineWidth = 0;
            }
            lastSpace = -1;
            if (c == u' ')
                continue;
        }
        if (c == u' ')
            lastSpace = int(line.size());
        line += c;
        lineWidth += w;
    }
    if (!line.isEmpty() || lines.isEmpty())
        lines << line;
    return lines;
}

bool TerminalScreen::isDumb()
{
    return qgetenv("TERM") == "dumb";
}

QSize TerminalScreen::size() const
{
    winsize ws = {};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0)
        return QSize(ws.ws_col, ws.ws_row);
    return QSize(80, 24);
}

bool TerminalScreen::enter()
{
    if (m_entered)
        return true;
    if (!isTerminal(STDOUT_FILENO))
        return false;
    if (isDumb()) { // no alternate screen, no cursor, no echo control: lines, appended
        m_plain = true;
        m_entered = true;
        return true;
    }
    if (isTerminal(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &m_saved->attributes) == 0) {
        termios quiet = m_saved->attributes;
        quiet.c_lflag &= ~tcflag_t(ECHO | ICANON); // ISIG stays: Ctrl-C interrupts
        quiet.c_cc[VMIN] = 1;
        quiet.c_cc[VTIME] = 0;
        m_termiosSaved = ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
    }
    if (resizePipe[0] < 0 && ::socketpair(AF_UNIX, SOCK_STREAM, 0, resizePipe) == 0) {
        ::fcntl(resizePipe[0], F_SETFL, O_NONBLOCK); // a storm of resizes never blocks
        m_resize = std::make_unique<QSocketNotifier>(resizePipe[1], QSocketNotifier::Read);
        connect(m_resize.get(), &QSocketNotifier::activated, this, [this] {
            char bytes[64];
            [[maybe_unused]] const auto read = ::read(resizePipe[1], bytes, sizeof bytes);
            Q_EMIT resized();
        });
        struct sigaction action = {};
        action.sa_handler = onResize;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGWINCH, &action, &previousWinch);
    }
    writeAll(EnterScreen);
    m_entered = true;
    return true;
}

void TerminalScreen::leave()
{
    if (m_resize) {
        sigaction(SIGWINCH, &previousWinch, nullptr);
        m_resize.reset();
        ::close(resizePipe[0]);
        ::close(resizePipe[1]);
        resizePipe[0] = resizePipe[1] = -1;
    }
    if (m_termiosSaved) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &m_saved->attributes);
        m_termiosSaved = false;
    }
    if (m_entered) {
        if (!m_plain)
            writeAll(LeaveScreen);
        m_entered = false;
    }
}

void TerminalScreen::print(const QStringList &lines)
{
    if (!m_entered)
        return;
    QByteArray text;
    for (const QString &line : lines)
        text += line.toUtf8() + '\n';
    writeAll(text);
}

void TerminalScreen::draw(const QStringList &lines)
{
    if (!m_entered || m_plain)
        return;
    // Home, then each line cleared to its end as it is written: no blank frame in between.
    QByteArray frame = "\x1b[H";
    for (qsizetype i = 0; i < lines.size(); ++i) {
        frame += lines.at(i).toUtf8();
        frame += "\x1b[0m\x1b[K";
        if (i + 1 < lines.size())
            frame += "\r\n";
    }
    frame += "\x1b[0m\x1b[J"; // and everything below the last line
    writeAll(frame);
}

void TerminalScreen::watchInput()
{
    if (m_input)
        return;
    m_inputOpen = true;
    m_input = std::make_unique<QSocketNotifier>(STDIN_FILENO, QSocketNotifier::Read);
    connect(m_input.get(), &QSocketNotifier::activated, this, &TerminalScreen::readInput);
}

void TerminalScreen::readInput()
{
    char bytes[InputChunk];
    const ssize_t n = ::read(STDIN_FILENO, bytes, sizeof bytes);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) { // the end of the input: no more Enter
        m_input->setEnabled(false);
        m_inputOpen = false;
        Q_EMIT inputClosed();
        return;
    }
    for (ssize_t i = 0; i < n; ++i) {
        if (bytes[i] == '\r' || bytes[i] == '\n') {
            Q_EMIT enterPressed();
            return;
        }
    }
}

} // namespace WeChatLogin
