// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "testterminal.h"

// Qt
#include <QColor>
#include <QFile>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>

namespace WeChatLogin::Test {

namespace {

constexpr int CellWidth = 4, CellHeight = 8, Margin = 16;

QString shellQuote(const QString &word)
{
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

// xterm's 256-colour palette.
QColor paletteColor(int index)
{
    static const QColor basic[16] = {
        {0, 0, 0},     {205, 0, 0},     {0, 205, 0},     {205, 205, 0},  {0, 0, 238}, {205, 0, 205},
        {0, 205, 205}, {229, 229, 229}, {127, 127, 127}, {255, 0, 0},    {0, 255, 0}, {255, 255, 0},
        {92, 92, 255}, {255, 0, 255},   {0, 255, 255},   {255, 255, 255}};
    if (index < 16)
        return basic[std::max(0, index)];
    if (index < 232) {
        const int i = index - 16;
        const auto level = [](int v) { return v == 0 ? 0 : 55 + 40 * v; };
        return QColor(level(i / 36), level((i / 6) % 6), level(i % 6));
    }
    const int gray = 8 + 10 * (std::min(index, 255) - 232);
    return QColor(gray, gray, gray);
}

bool isWide(char32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF)
           || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF)
           || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60)
           || (c >= 0xFFE0 && c <= 0xFFE6);
}

struct Pen
{
    QColor fg, bg; // invalid: the scheme's default
    bool reverse = false;
};

void applySgr(const QList<int> &params, Pen &pen)
{
    for (qsizetype i = 0; i < params.size(); ++i) {
        const int p = params.at(i);
        if (p == 0) {
            pen = Pen();
        } else if (p == 7) {
            pen.reverse = true;
        } else if (p == 27) {
            pen.reverse = false;
        } else if (p >= 30 && p <= 37) {
            pen.fg = paletteColor(p - 30);
        } else if (p >= 90 && p <= 97) {
            pen.fg = paletteColor(p - 90 + 8);
        } else if (p >= 40 && p <= 47) {
            pen.bg = paletteColor(p - 40);
        } else if (p >= 100 && p <= 107) {
            pen.bg = paletteColor(p - 100 + 8);
        } else if (p == 39) {
            pen.fg = QColor();
        } else if (p == 49) {
            pen.bg = QColor();
        } else if ((p == 38 || p == 48) && i + 1 < params.size()) {
            QColor color;
            if (params.at(i + 1) == 5 && i + 2 < params.size()) {
                color = paletteColor(params.at(i + 2));
                i += 2;
            } else if (params.at(i + 1) == 2 && i + 4 < params.size()) {
                color = QColor(params.at(i + 2), params.at(i + 3), params.at(i + 4));
                i += 4;
            }
            (p == 38 ? pen.fg : pen.bg) = color;
        }
    }
}

} // namespace

Tmux::Tmux() = default;

Tmux::~Tmux()
{
    if (m_started)
        tmux({QStringLiteral("kill-server")});
}

QByteArray Tmux::tmux(const QStringList &args, bool *ok) const
{
    QProcess process;
    QStringList all{QStringLiteral("-u"), QStringLiteral("-S"),
                    m_dir.filePath(QStringLiteral("socket")), QStringLiteral("-f"),
                    m_dir.filePath(QStringLiteral("tmux.conf"))};
    process.start(QStringLiteral("tmux"), all + args);
    const bool finished = process.waitForFinished(10000);
    if (ok)
        *ok = finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    if (ok && !*ok)
        return process.readAllStandardError();
    return process.readAllStandardOutput();
}

bool Tmux::start(const QStringList &command, const QProcessEnvironment &env, QSize size,
                 QString *why)
{
    QFile conf(m_dir.filePath(QStringLiteral("tmux.conf")));
    if (!m_dir.isValid() || !conf.open(QIODevice::WriteOnly)) {
        if (why)
            *why = QStringLiteral("no directory for tmux");
        return false;
    }
    // (window-size manual here stops tmux 3.3 at start; resize-window sets it by itself.)
    // The pane stays once its command ends, to be read; tmux then scrolls it a line up for
    // its "Pane is dead" line: the history keeps what scrolled off.
    conf.write("set -g remain-on-exit on\nset -g status off\n"
               "set -g history-limit 1000\nset -g default-terminal xterm-256color\n");
    conf.close();
    // The exit status is written by a shell that outlives the command: a Ctrl-C reaches it
    // too (the foreground process group), and it ignores it. The command starts with SIGINT
    // ignored then, as under nohup: one that handles Ctrl-C installs its handler anyway.
    // (tmux's own pane_dead_status is sometimes empty.)
    QStringList words{QStringLiteral("exec"), QStringLiteral("env"), QStringLiteral("-i")};
    const QStringList keys = env.keys();
    for (const QString &key : keys)
        words << shellQuote(key + QLatin1Char('=') + env.value(key));
    words << QStringLiteral("sh") << QStringLiteral("-c")
          << shellQuote(QStringLiteral("trap '' INT TERM; \"$@\"; echo $? > ")
                        + shellQuote(m_dir.filePath(QStringLiteral("status"))))
          << QStringLiteral("sh");
    for (const QString &word : command)
        words << shellQuote(word);
    bool ok = false;
    const QByteArray said =
        tmux({QStringLiteral("new-session"), QStringLiteral("-d"), QStringLiteral("-x"),
              QString::number(size.width()), QStringLiteral("-y"), QString::number(size.height()),
              words.join(QLatin1Char(' '))},
             &ok);
    m_started = true;
    if (!ok && why)
        *why = QStringLiteral("tmux new-session failed: ") + QString::fromLocal8Bit(said);
    return ok;
}

QByteArray Tmux::capture() const
{
    return tmux({QStringLiteral("capture-pane"), QStringLiteral("-e"), QStringLiteral("-N"),
                 QStringLiteral("-p")});
}

QString Tmux::text() const
{
    return QString::fromUtf8(tmux({QStringLiteral("capture-pane"), QStringLiteral("-p"),
                                   QStringLiteral("-S"), QStringLiteral("-")}));
}

bool Tmux::sendKeys(const QStringList &keys)
{
    bool ok = false;
    tmux(QStringList{QStringLiteral("send-keys")} + keys, &ok);
    return ok;
}

bool Tmux::resize(QSize size)
{
    bool ok = false;
    tmux({QStringLiteral("resize-window"), QStringLiteral("-x"), QString::number(size.width()),
          QStringLiteral("-y"), QString::number(size.height())},
         &ok);
    return ok;
}

int Tmux::exitStatus() const
{
    QFile status(m_dir.filePath(QStringLiteral("status")));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    bool ok = false;
    const int code = status.readAll().trimmed().toInt(&ok);
    return ok ? code : -1;
}

namespace {

struct Cell
{
    char32_t c;
    QColor fg, bg;
};

// The cells of a capture, row by row, in their colours (the scheme's defaults where none).
QList<QList<Cell>> cellsOf(const QByteArray &capture, ColorScheme scheme)
{
    const QColor defaultFg = scheme == ColorScheme::Dark ? QColor(229, 229, 229) : QColor(0, 0, 0);
    const QColor defaultBg = scheme == ColorScheme::Dark ? QColor(0, 0, 0) : QColor(255, 255, 255);
    const QList<QByteArray> lines = capture.split('\n');
    QList<QList<Cell>> rows;
    Pen pen; // capture-pane carries the pen over from one line to the next
    for (const QByteArray &bytes : lines) {
        const QString line = QString::fromUtf8(bytes);
        QList<Cell> row;
        const QList<uint> chars = line.toUcs4();
        for (qsizetype i = 0; i < chars.size(); ++i) {
            if (chars.at(i) == 0x1b && i + 1 < chars.size() && chars.at(i + 1) == '[') {
                qsizetype end = i + 2;
                while (end < chars.size() && !(chars.at(end) >= 0x40 && chars.at(end) <= 0x7e))
                    ++end;
                if (end < chars.size() && chars.at(end) == 'm') {
                    QList<int> params;
                    const QString body = QString::fromUcs4(
                        reinterpret_cast<const char32_t *>(chars.constData() + i + 2), end - i - 2);
                    for (const QString &p : body.split(QRegularExpression(QStringLiteral("[;:]"))))
                        params << p.toInt();
                    applySgr(params, pen);
                }
                i = end;
                continue;
            }
            QColor fg = pen.fg.isValid() ? pen.fg : defaultFg;
            QColor bg = pen.bg.isValid() ? pen.bg : defaultBg;
            if (pen.reverse)
                std::swap(fg, bg);
            const char32_t c = chars.at(i);
            row << Cell{c, fg, bg};
            if (isWide(c))
                row << Cell{U' ', fg, bg};
        }
        rows << row;
    }
    return rows;
}

QColor defaultBackground(ColorScheme scheme)
{
    return scheme == ColorScheme::Dark ? QColor(0, 0, 0) : QColor(255, 255, 255);
}

} // namespace

QImage terminalImage(const QByteArray &capture, ColorScheme scheme)
{
    const QColor defaultBg = defaultBackground(scheme);
    const QList<QList<Cell>> rows = cellsOf(capture, scheme);
    int columns = 0;
    for (const QList<Cell> &row : rows)
        columns = std::max(columns, int(row.size()));
    QImage image(columns * CellWidth + 2 * Margin, int(rows.size()) * CellHeight + 2 * Margin,
                 QImage::Format_RGB32);
    image.fill(defaultBg);
    QPainter painter(&image);
    for (qsizetype y = 0; y < rows.size(); ++y) {
        for (qsizetype x = 0; x < rows.at(y).size(); ++x) {
            const Cell &cell = rows.at(y).at(x);
            const QRect r(Margin + int(x) * CellWidth, Margin + int(y) * CellHeight, CellWidth,
                          CellHeight);
            const QRect top(r.x(), r.y(), CellWidth, CellHeight / 2);
            const QRect bottom(r.x(), r.y() + CellHeight / 2, CellWidth, CellHeight / 2);
            switch (cell.c) {
            case U' ':
                painter.fillRect(r, cell.bg);
                break;
            case 0x2580: // ▀
                painter.fillRect(top, cell.fg);
                painter.fillRect(bottom, cell.bg);
                break;
            case 0x2584: // ▄
                painter.fillRect(top, cell.bg);
                painter.fillRect(bottom, cell.fg);
                break;
            case 0x2588: // █
            case U'#':   // a font's # inks most of its cell
                painter.fillRect(r, cell.fg);
                break;
            default: // a glyph: ink in the middle of its cell
                painter.fillRect(r, cell.bg);
                painter.fillRect(r.adjusted(1, 2, -1, -2), cell.fg);
                break;
            }
        }
    }
    return image;
}

QImage terminalScreenshot(const QByteArray &capture, ColorScheme scheme, int columns, int rows)
{
    constexpr int W = 9, H = 18;
    QImage image(columns * W, rows * H, QImage::Format_RGB32);
    image.fill(defaultBackground(scheme));
    QPainter painter(&image);
    QFont font(QStringLiteral("DejaVu Sans Mono"));
    font.setPixelSize(14);
    painter.setFont(font);
    const QList<QList<Cell>> cells = cellsOf(capture, scheme);
    for (qsizetype y = 0; y < std::min<qsizetype>(cells.size(), rows); ++y) {
        for (qsizetype x = 0; x < std::min<qsizetype>(cells.at(y).size(), columns); ++x) {
            const Cell &cell = cells.at(y).at(x);
            const QRect r(int(x) * W, int(y) * H, W, H);
            painter.fillRect(r, cell.bg);
            switch (cell.c) { // the block elements exactly, as terminals draw them
            case 0x2580:
                painter.fillRect(r.x(), r.y(), W, H / 2, cell.fg);
                break;
            case 0x2584:
                painter.fillRect(r.x(), r.y() + H / 2, W, H / 2, cell.fg);
                break;
            case 0x2588:
                painter.fillRect(r, cell.fg);
                break;
            default:
                painter.setPen(cell.fg);
                painter.drawText(r, Qt::AlignCenter, QString::fromUcs4(&cell.c, 1));
                break;
            }
        }
    }
    return image;
}

} // namespace WeChatLogin::Test
