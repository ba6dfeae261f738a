// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private to doctor.cpp: the checks, one function each.

#ifndef WECHATLOGIN_APP_DOCTORCHECKS_P_H
#define WECHATLOGIN_APP_DOCTORCHECKS_P_H

#include "doctor.h"

// Qt
#include <QByteArray>
#include <QDateTime>
#include <QNetworkReply>
#include <QUrl>

class QNetworkAccessManager;

namespace WeChatLogin {

class AppContext;

namespace DoctorChecks {

using Check = Doctor::Check;
using Status = Doctor::Status;

// One HTTP answer, redirects not followed.
struct Answer
{
    bool finished = false; // false: no answer before the deadline
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    QUrl location;           // a redirect's target, resolved
    QDateTime serverDate;    // the Date header, when there is one
    qint64 receivedAtMs = 0; // this machine's clock when the answer arrived
    bool tooLarge = false;   // cut off past AuthClient::MaxAnswerBytes
};

Answer fetch(QNetworkAccessManager &network, const AppContext &context, const QUrl &url, bool api);
// url without query, fragment or user info: what a redirect URL is compared by.
QUrl withoutQuery(const QUrl &url);

Check configuration(const AppContext &context);
// The server check, and its answer (for the clock).
Check server(const AppContext &context, QNetworkAccessManager &network, Answer *answer);
Check clock(const Answer &settings);
// doctorredirect.cpp: where GoTrue sends the browser at the end of a sign-in, through a dry
// /authorize and /callback.
Check redirect(const AppContext &context, QNetworkAccessManager &network, bool serverOk);
// Whether GoTrue sends a browser back to a loopback address (sign-in --browser): a warning
// with the allow-list entry to add when not.
Check browserRedirect(const AppContext &context, QNetworkAccessManager &network, bool serverOk);
Check keychain(AppContext &context);
// The Secret Service's program ("gnome-keyring-daemon", "kwalletd6", "keepassxc"), or why
// there is none (*running false); *locked: its default collection is locked.
QString secretServiceOwner(bool *running, bool *locked);
Check proxy(const AppContext &context);
Check webEngine(AppContext &context, bool serverOk);

} // namespace DoctorChecks
} // namespace WeChatLogin

#endif
