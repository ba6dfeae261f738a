// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authlogging.h"
#include "refreshlock_p.h"

// Qt
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QPointer>
#include <QTimer>

#include <deque>

namespace WeChatLogin::Internal {

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
    std::unique_ptr<QLockFile> file;
    int waitMs = DefaultWaitMs;
    bool held = false;     // by this process (some Hold is alive)
    bool fileHeld = false; // and it owns the file
    bool warned = false;
    bool busyElsewhere = false; // the last try found another process holding the file
    std::deque<Waiter> queue;
    QPointer<QTimer> poll;

    enum class Try { Locked, Busy, Unusable };

    Try tryFile()
    {
        if (!file) {
            QDir().mkpath(QFileInfo(path).absolutePath());
            file = std::make_unique<QLockFile>(path);
            file->setStaleLockTime(StaleLockMs);
        }
        if (file->tryLock(0))
            return Try::Locked;
        if (file->error() == QLockFile::LockFailedError)
            return Try::Busy;
        if (!warned) {
            qCWarning(lcSession).noquote()
                << "cannot create the refresh lock" << file->fileName()
                << "- refreshes are not coordinated with other processes";
            warned = true;
        }
        return Try::Unusable;
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

} // namespace WeChatLogin::Internal
