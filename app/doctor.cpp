// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "doctor.h"
#include "appcontext.h"
#include "doctorchecks_p.h"

// Qt
#include <QJsonArray>
#include <QNetworkAccessManager>

namespace WeChatLogin {

QList<Doctor::Check> Doctor::run(AppContext &context)
{
    using namespace DoctorChecks;
    QNetworkAccessManager network;
    QList<Check> checks;
    checks << configuration(context);
    Answer settings;
    checks << server(context, network, &settings);
    const bool serverOk = checks.last().status == Status::Ok;
    checks << clock(settings);
    checks << redirect(context, network, serverOk);
    checks << browserRedirect(context, network, serverOk);
    checks << keychain(context);
    checks << proxy(context);
    checks << webEngine(context, serverOk);
    return checks;
}

bool Doctor::allNeededWork(const QList<Check> &checks)
{
    return std::none_of(checks.cbegin(), checks.cend(),
                        [](const Check &c) { return c.status == Status::Failed; });
}

QString Doctor::statusName(Status status)
{
    switch (status) {
    case Status::Ok:
        return QStringLiteral("ok");
    case Status::Warning:
        return QStringLiteral("warning");
    case Status::Failed:
        return QStringLiteral("failed");
    case Status::Skipped:
        break;
    }
    return QStringLiteral("skipped");
}

QString Doctor::toText(const QList<Check> &checks)
{
    QString text;
    int failed = 0, warnings = 0;
    for (const Check &c : checks) {
        QString mark;
        switch (c.status) {
        case Status::Ok:
            mark = QStringLiteral("[ OK ]");
            break;
        case Status::Warning:
            mark = QStringLiteral("[WARN]");
            ++warnings;
            break;
        case Status::Failed:
            mark = QStringLiteral("[FAIL]");
            ++failed;
            break;
        case Status::Skipped:
            mark = QStringLiteral("[ -- ]");
            break;
        }
        text += mark + u' '
                + tr("%1: %2", "a check's title and what it found").arg(c.title, c.detail) + u'\n';
        if (!c.fix.isEmpty())
            text += QStringLiteral("       ") + tr("Fix: %1").arg(c.fix) + u'\n';
    }
    if (failed)
        text += tr("%n problem(s) found: see \"Fix\".", nullptr, failed) + u'\n';
    else if (warnings)
        text += tr("Everything needed works; %n warning(s).", nullptr, warnings) + u'\n';
    else
        text += tr("Everything works.") + u'\n';
    return text;
}

QJsonObject Doctor::toJson(const QList<Check> &checks)
{
    QJsonArray list;
    for (const Check &c : checks) {
        list.append(
            QJsonObject{{QStringLiteral("id"), c.id},
                        {QStringLiteral("status"), statusName(c.status)},
                        {QStringLiteral("title"), c.title},
                        {QStringLiteral("detail"), c.detail},
                        {QStringLiteral("fix"),
                         c.fix.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c.fix)}});
    }
    return {{QStringLiteral("schema"), 1},
            {QStringLiteral("ok"), allNeededWork(checks)},
            {QStringLiteral("checks"), list}};
}

} // namespace WeChatLogin
