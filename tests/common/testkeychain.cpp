// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "testkeychain.h"
#include "secretservice_p.h" // auth/

// Qt
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

// A test that touches the keychain runs only inside a keyring of its own: run by hand in a
// person's desktop session (not through tests/with-keyring or ctest), it starts itself
// again inside a private one before main(), so it never locks, writes or deletes anything
// in their keyrings. WECHATLOGIN_TEST_KEYRING=none: the test wants no keyring at all.
struct PrivateKeyringGuard
{
    PrivateKeyringGuard()
    {
        const char *want = std::getenv("WECHATLOGIN_TEST_KEYRING");
        const char *bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
        if (want && (std::strcmp(want, "none") == 0 || (bus && std::strcmp(want, bus) == 0)))
            return;
        std::ifstream cmdline("/proc/self/cmdline", std::ios::binary);
        std::vector<std::string> words;
        for (std::string word; std::getline(cmdline, word, '\0');)
            words.push_back(word);
        if (words.empty())
            return;
        std::vector<char *> argv;
        argv.push_back(const_cast<char *>(WECHATLOGIN_WITH_KEYRING));
        for (std::string &word : words)
            argv.push_back(word.data());
        argv.push_back(nullptr);
        std::fprintf(stderr,
                     "%s: not inside tests/with-keyring: running in a private keyring of its "
                     "own (your keyrings are never touched)\n",
                     words.front().c_str());
        ::execv(WECHATLOGIN_WITH_KEYRING, argv.data());
        std::fprintf(stderr, "%s: cannot start a private keyring (%s): run it as %s %s\n",
                     words.front().c_str(), std::strerror(errno), WECHATLOGIN_WITH_KEYRING,
                     words.front().c_str());
        std::_Exit(2);
    }
};
const PrivateKeyringGuard privateKeyringGuard;

} // namespace

namespace WeChatLogin::Test {

namespace {

// Waits for the job with an event loop of its own: QSignalSpy::wait() returns at once once
// the test function has failed, which left the clean-up's deletes undone (entries leaked
// into the next test) after any failure.
void run(QKeychain::Job &job)
{
    job.setAutoDelete(false);
    bool done = false;
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&done, &loop] {
        done = true;
        loop.quit();
    });
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    job.start();
    if (!done)
        loop.exec();
    if (!done)
        qWarning("the keychain did not finish a %s in 20 s", job.metaObject()->className());
}

} // namespace

QKeychain::Error rawRead(const QString &service, const QString &entry, QString *text)
{
    QKeychain::ReadPasswordJob job(service);
    job.setKey(entry);
    run(job);
    if (text)
        *text = job.textData();
    return job.error();
}

QString rawReadSession(const QString &service, const QString &key)
{
    QString head;
    if (rawRead(service, key, &head) != QKeychain::NoError)
        return QString();
    const QJsonObject manifest = QJsonDocument::fromJson(head.toUtf8())
                                     .object()
                                     .value(QStringLiteral("wechatlogin_session_parts"))
                                     .toObject();
    if (!manifest.isEmpty()) {
        QString value;
        const QString slot = manifest.value(QStringLiteral("slot")).toString();
        for (int i = 1; i <= manifest.value(QStringLiteral("count")).toInt(); ++i) {
            QString part;
            rawRead(service, key + u'.' + slot + u'.' + QString::number(i), &part);
            value += part;
        }
        return value;
    }
    QString value = head;
    QString part;
    for (int i = 1; rawRead(service, key + u'.' + QString::number(i), &part) == QKeychain::NoError;
         ++i)
        value += part;
    return value;
}

namespace {

QStringList candidates(const QString &key)
{
    QStringList names{key};
    for (const QString &slot : {QStringLiteral("a."), QStringLiteral("b."), QString()}) {
        for (int i = 1; i <= 10; ++i)
            names << key + u'.' + slot + QString::number(i);
    }
    return names;
}

} // namespace

QStringList rawEntries(const QString &service, const QString &key)
{
    QStringList found;
    for (const QString &name : candidates(key)) {
        if (rawRead(service, name) == QKeychain::NoError)
            found << name;
    }
    return found;
}

void rawWrite(const QString &service, const QString &entry, const QString &text)
{
    QKeychain::WritePasswordJob job(service);
    job.setKey(entry);
    job.setTextData(text);
    run(job);
}

void rawDelete(const QString &service, const QString &entry)
{
    QKeychain::DeletePasswordJob job(service);
    job.setKey(entry);
    run(job);
}

void rawDeleteAll(const QString &service, const QString &key)
{
    for (const QString &name : candidates(key))
        rawDelete(service, name);
}

namespace {

const QString SecretsService = QStringLiteral("org.freedesktop.secrets");
const QString SecretsPath = QStringLiteral("/org/freedesktop/secrets");

QDBusObjectPath defaultCollection()
{
    QDBusMessage alias = QDBusMessage::createMethodCall(
        SecretsService, SecretsPath, QStringLiteral("org.freedesktop.Secret.Service"),
        QStringLiteral("ReadAlias"));
    alias << QStringLiteral("default");
    const QDBusReply<QDBusObjectPath> reply = QDBusConnection::sessionBus().call(alias);
    return reply.isValid() ? reply.value() : QDBusObjectPath();
}

} // namespace

bool lockKeyring()
{
    const QDBusObjectPath collection = defaultCollection();
    if (collection.path().isEmpty())
        return false;
    QDBusMessage lock = QDBusMessage::createMethodCall(
        SecretsService, SecretsPath, QStringLiteral("org.freedesktop.Secret.Service"),
        QStringLiteral("Lock"));
    lock << QVariant::fromValue(QList<QDBusObjectPath>{collection});
    return QDBusConnection::sessionBus().call(lock).type() == QDBusMessage::ReplyMessage;
}

bool keyringLocked()
{
    const QDBusObjectPath collection = defaultCollection();
    if (collection.path().isEmpty())
        return true; // no default collection to use: as good as locked
    QDBusMessage get = QDBusMessage::createMethodCall(
        SecretsService, collection.path(), QStringLiteral("org.freedesktop.DBus.Properties"),
        QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    const QDBusReply<QDBusVariant> reply = QDBusConnection::sessionBus().call(get);
    return !reply.isValid() || reply.value().variant().toBool();
}

bool unlockKeyring(const QString &password)
{
    const QDBusObjectPath collection = defaultCollection();
    if (collection.path().isEmpty())
        return false;
    // A plain session carries the password to the daemon (on the bus, in a test keyring).
    QDBusMessage open = QDBusMessage::createMethodCall(
        SecretsService, SecretsPath, QStringLiteral("org.freedesktop.Secret.Service"),
        QStringLiteral("OpenSession"));
    open << QStringLiteral("plain") << QVariant::fromValue(QDBusVariant(QString()));
    const QDBusMessage opened = QDBusConnection::sessionBus().call(open);
    if (opened.type() != QDBusMessage::ReplyMessage || opened.arguments().size() < 2)
        return false;
    const QDBusObjectPath session = opened.arguments().at(1).value<QDBusObjectPath>();
    QDBusArgument secret;
    secret.beginStructure();
    secret << session << QByteArray() << password.toUtf8() << QStringLiteral("text/plain");
    secret.endStructure();
    QDBusMessage unlock = QDBusMessage::createMethodCall(
        SecretsService, SecretsPath,
        QStringLiteral("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"),
        QStringLiteral("UnlockWithMasterPassword"));
    unlock << QVariant::fromValue(collection) << QVariant::fromValue(secret);
    const QDBusMessage answer = QDBusConnection::sessionBus().call(unlock);
    if (answer.type() != QDBusMessage::ReplyMessage)
        qWarning("unlocking the keyring failed: %s", qPrintable(answer.errorMessage()));
    return answer.type() == QDBusMessage::ReplyMessage;
}

qint64 secretServicePid()
{
    const QDBusReply<uint> pid =
        QDBusConnection::sessionBus().interface()->servicePid(SecretsService);
    return pid.isValid() ? qint64(pid.value()) : 0;
}

bool restartKeyring(QString *why, const QString &password)
{
    const qint64 old = secretServicePid();
    if (old <= 0) {
        *why = QStringLiteral("no keyring daemon owns org.freedesktop.secrets");
        return false;
    }
    ::kill(pid_t(old), SIGKILL);
    if (!QTest::qWaitFor([old] { return secretServicePid() != old; }, 15000)) {
        *why = QStringLiteral("the killed daemon still owns its name");
        return false;
    }
    QProcess daemon; // it forks; this process is done once it has unlocked
    // Its control socket beside the first one's (tests/with-keyring), not in ~/.cache.
    const QString runtime = qEnvironmentVariable("WECHATLOGIN_KEYRING_RUNTIME");
    if (!runtime.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
        daemon.setProcessEnvironment(env);
    }
    daemon.start(QStringLiteral("gnome-keyring-daemon"),
                 {QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
    daemon.write(password.toUtf8());
    daemon.closeWriteChannel();
    if (!daemon.waitForFinished(15000)) {
        daemon.kill();
        *why = QStringLiteral("gnome-keyring-daemon --unlock did not finish");
        return false;
    }
    if (!QTest::qWaitFor([old] { return secretServicePid() > 0 && secretServicePid() != old; },
                         15000)) {
        *why = QStringLiteral("no new daemon took org.freedesktop.secrets");
        return false;
    }
    // A call from the code under test may have had the bus start a daemon first (D-Bus
    // activation: gnome-keyring-daemon --start, the keyring locked, the unlock prompt
    // failing without a display): it keeps the name, so unlock what it serves, as the
    // person would at the prompt. Otherwise the rest of the test would run locked.
    if (keyringLocked() && !unlockKeyring(password)) {
        *why = QStringLiteral("the new daemon's keyring is locked and would not unlock");
        return false;
    }
    Internal::SecretService::reconnect(); // this process's own calls (rawRead(), ...)
    return true;
}

} // namespace WeChatLogin::Test
