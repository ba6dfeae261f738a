// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTJSON_H
#define WECHATLOGIN_TESTS_TESTJSON_H

// Header-only: checks the verbs' --json output against docs/schema with python3-jsonschema
// (tests/app/validate_json.py). The test defines VALIDATE_JSON and SCHEMA_DIR.

// Qt
#include <QProcess>
#include <QString>

namespace WeChatLogin::Test {

// Empty when every line of documents is valid against docs/schema/<schema>.schema.json;
// otherwise what is wrong.
inline QString validateJson(const QString &schema, const QString &documents)
{
    QProcess python;
    python.start(QStringLiteral("python3"),
                 {QStringLiteral(VALIDATE_JSON),
                  QStringLiteral(SCHEMA_DIR "/") + schema + QStringLiteral(".schema.json")});
    python.write(documents.toUtf8());
    python.closeWriteChannel();
    if (!python.waitForFinished(60000))
        return QStringLiteral("the validator did not finish");
    if (python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0)
        return QString::fromUtf8(python.readAllStandardError()) + QStringLiteral(" in ")
               + documents;
    return QString();
}

} // namespace WeChatLogin::Test

#endif
