// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authlogging.h"
#include "machinewatch_p.h"

// Qt
#include <QDateTime>
#include <QNetworkInformation>

#include <cstdlib>

namespace WeChatLogin::Internal {

MachineWatch::MachineWatch(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(CheckMs);
    connect(&m_timer, &QTimer::timeout, this, &MachineWatch::check);
}

void MachineWatch::setActive(bool active)
{
    if (active == m_timer.isActive())
        return;
    if (!active)
        return m_timer.stop();
    m_monotonic.start();
    m_wallAtStart = QDateTime::currentMSecsSinceEpoch();
    m_timer.start();
}

void MachineWatch::check()
{
    const qint64 wall = QDateTime::currentMSecsSinceEpoch() - m_wallAtStart;
    const qint64 monotonic = m_monotonic.elapsed();
    const qint64 jump = wall - monotonic;
    m_monotonic.start();
    m_wallAtStart = QDateTime::currentMSecsSinceEpoch();
    if (std::llabs(jump) < JumpMs)
        return;
    qCInfo(lcSession,
           "the wall clock moved %lld ms against the monotonic clock (suspend, "
           "resume or a clock change)",
           jump);
    Q_EMIT woke(QStringLiteral("clock"));
}

void MachineWatch::watchNetwork()
{
    if (m_networkWatched)
        return;
    m_networkWatched = true;
    // The platform's default backend (NetworkManager on Linux); without one, only the
    // clock check and the retry timer remain.
    if (!QNetworkInformation::instance() && !QNetworkInformation::loadDefaultBackend()
        && !QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        return;
    QNetworkInformation *info = QNetworkInformation::instance();
    if (!info)
        return;
    connect(info, &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                if (reachability == QNetworkInformation::Reachability::Online && m_timer.isActive())
                    Q_EMIT woke(QStringLiteral("network"));
            });
}

} // namespace WeChatLogin::Internal
