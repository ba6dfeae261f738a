// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authlogging.h"
#include "refreshlock_p.h"

// Qt
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace WeChatLogin::Internal {

namespace {

// Opens path as a regular file of this user, never following a symlink and never blocking
// (a FIFO planted there): -1 with why otherwise.
int openOwnFile(const QString &path, int flags, QString *why)
{
    const int fd = ::open(QFile::encodeName(path).constData(),
                          flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
    if (fd < 0) {
        *why = QString::fromLocal8Bit(std::strerror(errno));
        return -1;
    }
    struct stat st = {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) {
        ::close(fd);
        *why = QStringLiteral("not a regular file of this user");
        return -1;
    }
    return fd;
}

// When a process started (clock ticks after boot, /proc/PID/stat field 22): with its PID,
// it names one process, whatever later reuses the PID. 0 if it is not running.
qint64 processStart(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.read(4096);
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 19 ? fields.at(19).toLongLong() : 0; // field 22 counted from 3
}

// Replaces the marker file at path with line, whole: written beside it and renamed over it,
// so a reader sees the old line or the new one, never half of one.
bool writeMarker(const QString &path, const QByteArray &line, QString *why)
{
    const QString temporary = path + QStringLiteral(".%1.tmp").arg(::getpid());
    const int fd = openOwnFile(temporary, O_WRONLY | O_CREAT | O_TRUNC, why);
    if (fd < 0)
        return false;
    const bool written = ::write(fd, line.constData(), size_t(line.size())) == line.size();
    ::close(fd);
    if (!written
        || ::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData())
               != 0) {
        *why = QString::fromLocal8Bit(std::strerror(errno));
        ::unlink(QFile::encodeName(temporary).constData());
        return false;
    }
    return true;
}

// The marker's line (at most 127 bytes, trimmed); empty when there is none of ours.
QByteArray readMarker(const QString &path)
{
    QString why;
    const int fd = openOwnFile(path, O_RDONLY, &why);
    if (fd < 0)
        return {};
    char text[128] = {};
    const ssize_t n = ::read(fd, text, sizeof text - 1);
    ::close(fd);
    return QByteArray(text, int(std::max<ssize_t>(n, 0))).trimmed();
}

} // namespace

/*
 * The lock file: flock() on a regular file of this user. The kernel lets go when the holder
 * ends, however it ends, so there is no stale file to judge, and what the file holds means
 * nothing (a forged one cannot keep anybody waiting). A path that is a directory, a
 * symlink, a FIFO or another user's file is unusable at once, never waited on.
 */
class RefreshLockFile
{
public:
    enum class Try { Locked, Busy, Unusable };

    explicit RefreshLockFile(QString path)
        : m_path(std::move(path))
    {}
    ~RefreshLockFile()
    {
        if (m_fd >= 0)
            ::close(m_fd); // and the lock with it
    }
    Q_DISABLE_COPY(RefreshLockFile)

    Try tryLock()
    {
        if (m_fd < 0) {
            QDir().mkpath(QFileInfo(m_path).absolutePath());
            m_fd = openOwnFile(m_path, O_RDWR | O_CREAT, &m_error);
            if (m_fd < 0)
                return Try::Unusable;
        }
        if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0) {
            m_locked = true;
            return Try::Locked;
        }
        if (errno == EWOULDBLOCK)
            return Try::Busy;
        m_error = QString::fromLocal8Bit(std::strerror(errno));
        return Try::Unusable;
    }
    void unlock()
    {
        if (m_fd >= 0 && m_locked)
            ::flock(m_fd, LOCK_UN);
        m_locked = false;
    }
    bool isLocked() const { return m_locked; }
    QString fileName() const { return m_path; }
    QString errorString() const { return m_error; }

private:
    QString m_path;
    int m_fd = -1;
    bool m_locked = false;
    QString m_error;
};

struct RefreshLock::Hold::State
{
    struct Waiter
    {
        Body body;
        QDeadlineTimer deadline;
        Wait wait = Wait::ForOthers;
    };

    std::weak_ptr<State> self;
    QString path;
    std::unique_ptr<RefreshLockFile> file;
    int waitMs = DefaultWaitMs;
    bool held = false;     // by this process (some Hold is alive)
    bool fileHeld = false; // and it owns the file
    bool warned = false;
    bool busyElsewhere = false; // the last try found another process holding the file
    std::deque<Waiter> queue;
    QPointer<QTimer> poll;

    using Try = RefreshLockFile::Try;

    Try tryFile()
    {
        if (!file)
            file = std::make_unique<RefreshLockFile>(path);
        const Try result = file->tryLock();
        if (result == Try::Unusable && !warned) {
            qCWarning(lcSession).noquote()
                << "cannot use the refresh lock" << file->fileName() << "(" << file->errorString()
                << ") - refreshes are not coordinated with other processes";
            warned = true;
        }
        return result;
    }

    void give(const Body &body, bool ownsFile, bool timedOut)
    {
        held = true;
        fileHeld = ownsFile;
        if (timedOut) {
            qCWarning(lcSession,
                      "another process has held the refresh lock for %d ms; going on "
                      "without it",
                      waitMs);
        }
        const HoldPtr hold(new Hold(self, ownsFile, timedOut));
        body(hold);
    }

    void pump()
    {
        if (held || queue.empty())
            return;
        const Try result = tryFile();
        busyElsewhere = result == Try::Busy;
        switch (result) {
        case Try::Locked:
        case Try::Unusable: {
            Waiter next = std::move(queue.front());
            queue.pop_front();
            return give(next.body, file->isLocked(), false);
        }
        case Try::Busy:
            if (queue.front().wait == Wait::NotForOthers) {
                Waiter next = std::move(queue.front());
                queue.pop_front();
                next.body(HoldPtr()); // nothing held; the next waiter from the event loop
                if (!queue.empty() && poll)
                    poll->start(0);
                return;
            }
            if (queue.front().deadline.hasExpired()) {
                Waiter next = std::move(queue.front());
                queue.pop_front();
                return give(next.body, false, true);
            }
            if (poll)
                poll->start(PollMs); // another process is rotating
            return;
        }
    }

    void release()
    {
        if (!held)
            return;
        if (fileHeld && file)
            file->unlock();
        held = false;
        fileHeld = false;
        if (!queue.empty() && poll)
            poll->start(0); // the next waiter, from the event loop
    }
};

RefreshLock::Hold::Hold(std::weak_ptr<State> state, bool ownsFile, bool timedOut)
    : m_state(std::move(state))
    , m_ownsFile(ownsFile)
    , m_timedOut(timedOut)
{}

RefreshLock::Hold::~Hold()
{
    if (const auto state = m_state.lock())
        state->release();
}

RefreshLock::RefreshLock(QObject *context)
    : m_state(std::make_shared<Hold::State>())
{
    m_state->self = m_state;
    auto *poll = new QTimer(context);
    poll->setSingleShot(true);
    m_state->poll = poll;
    QObject::connect(poll, &QTimer::timeout, context,
                     [state = std::weak_ptr<Hold::State>(m_state)] {
                         if (const auto s = state.lock())
                             s->pump();
                     });
}

// A lock still held is unlocked by QLockFile's destructor; Holds outliving this object
// release nothing.
RefreshLock::~RefreshLock() = default;

QString RefreshLock::path() const
{
    return m_state->path;
}

void RefreshLock::setPath(const QString &path)
{
    if (m_state->held)
        return; // never swap the lock while holding it
    m_state->path = path;
    m_state->file.reset();
}

int RefreshLock::waitMs() const
{
    return m_state->waitMs;
}

void RefreshLock::setWaitMs(int ms)
{
    m_state->waitMs = std::max(0, ms);
}

bool RefreshLock::isHeld() const
{
    return m_state->held;
}

bool RefreshLock::isWaitingForAnotherProcess() const
{
    return !m_state->queue.empty() && m_state->busyElsewhere;
}

void RefreshLock::acquire(Body body, Wait wait)
{
    m_state->queue.push_back({std::move(body), QDeadlineTimer(m_state->waitMs), wait});
    m_state->pump();
}

void RefreshLock::setUnsavedRotation(bool unsaved)
{
    if (m_state->path.isEmpty()) // no private directory: nothing beside a lock
        return;
    const QString marker = m_state->path + QStringLiteral(".unsaved");
    if (!unsaved) {
        ::unlink(QFile::encodeName(marker).constData());
        return;
    }
    const qint64 pid = ::getpid();
    QString why;
    if (!writeMarker(marker,
                     QByteArray::number(pid) + ' ' + QByteArray::number(processStart(pid)) + '\n',
                     &why)) {
        qCWarning(lcSession).noquote()
            << "cannot tell other processes of the unsaved session:" << why;
    }
}

bool RefreshLock::isUnsavedElsewhere() const
{
    if (m_state->path.isEmpty())
        return false;
    const QString marker = m_state->path + QStringLiteral(".unsaved");
    const QList<QByteArray> fields = readMarker(marker).split(' ');
    const qint64 pid = fields.value(0).toLongLong();
    const qint64 started = fields.value(1).toLongLong();
    if (pid <= 0 || pid == ::getpid())
        return false; // none, not ours to believe, or this process's own
    if (started > 0 && processStart(pid) == started)
        return true;
    ::unlink(QFile::encodeName(marker).constData()); // its writer has ended: nothing to wait for
    return false;
}

void RefreshLock::markSignedOut(const QByteArray &sessionKey)
{
    QString why;
    if (!m_state->path.isEmpty()
        && !writeMarker(m_state->path + QStringLiteral(".signedout"), sessionKey + '\n', &why))
        qCWarning(lcSession).noquote() << "cannot tell other processes of the sign-out:" << why;
}

bool RefreshLock::wasSignedOut(const QByteArray &sessionKey) const
{
    if (m_state->path.isEmpty())
        return false;
    const QByteArray key = readMarker(m_state->path + QStringLiteral(".signedout"));
    return !key.isEmpty() && (key == "*" || key == sessionKey);
}

void RefreshLock::setLatest(const QByteArray &record)
{
    QString why;
    if (!m_state->path.isEmpty()
        && !writeMarker(m_state->path + QStringLiteral(".latest"), record + '\n', &why))
        qCWarning(lcSession).noquote() << "cannot record the latest rotation:" << why;
}

QByteArray RefreshLock::latest() const
{
    return m_state->path.isEmpty() ? QByteArray()
                                   : readMarker(m_state->path + QStringLiteral(".latest"));
}

} // namespace WeChatLogin::Internal
