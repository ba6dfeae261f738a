// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SettingsDialog: what it saves, what it refuses (saying why), the language applied at
// once and taken back on cancel, and the note about overriding settings.

#include "testapp.h"
#include <appconfig.h>
#include <settingsdialog.h>

// Qt
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace WeChatLogin;

namespace {

const QString Key = QStringLiteral("sb_publishable_test0123456789");

AppConfig load(const QStringList &args = {})
{
    AppConfig config;
    QString error;
    if (!WeChatLogin::Test::loadAppConfig(args, &config, &error))
        qWarning("%s", qPrintable(error));
    return config;
}

QLineEdit *edit(SettingsDialog &d, int index)
{
    return d.findChildren<QLineEdit *>().at(index); // url, key, redirect, provider, hosts
}

QString settingsText(const char *text)
{
    return QCoreApplication::translate("WeChatLogin::SettingsDialog", text);
}

} // namespace

class tst_SettingsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void refusesIncompleteConnections_data();
    void refusesIncompleteConnections();
    void savesTheConnection();
    void languageAppliesAtOnceAndCancelTakesItBack();
    void saysWhatIsOverridden();

private:
    QTemporaryDir m_home;
};

void tst_SettingsDialog::initTestCase()
{
    QVERIFY(m_home.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.path()));
}

void tst_SettingsDialog::init()
{
    QFile::remove(AppConfig::filePath());
    AppConfig::applyLanguage(QStringLiteral("en"));
}

void tst_SettingsDialog::refusesIncompleteConnections_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("redirect");
    QTest::addColumn<QString>("message");
    QTest::newRow("url only") << "https://x.baseapi.memfiredb.com"
                              << ""
                              << ""
                              << "Anon key: required when a project URL is set.";
    QTest::newRow("key only") << "" << Key << ""
                              << "Project URL: required when an anon key is set.";
    QTest::newRow("plain http") << "http://x.example.com" << Key << ""
                                << "the project URL must use https://";
    QTest::newRow("redirect without project") << ""
                                              << ""
                                              << "https://a.example.com/cb"
                                              << "Set the project URL and anon key too";
}

void tst_SettingsDialog::refusesIncompleteConnections()
{
    QFETCH(QString, url);
    QFETCH(QString, key);
    QFETCH(QString, redirect);
    QFETCH(QString, message);
    SettingsDialog dialog(load());
    dialog.show();
    edit(dialog, 0)->setText(url);
    edit(dialog, 1)->setText(key);
    edit(dialog, 2)->setText(redirect);
    dialog.accept();
    QVERIFY(dialog.isVisible()); // stays open
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("settingsError"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().startsWith(message), qPrintable(error->text()));
    QVERIFY(!QFile::exists(AppConfig::filePath()));
}

void tst_SettingsDialog::savesTheConnection()
{
    SettingsDialog dialog(load());
    dialog.show();
    edit(dialog, 0)->setText(QStringLiteral(" https://s.baseapi.memfiredb.com "));
    edit(dialog, 1)->setText(Key);
    edit(dialog, 2)->setText(QStringLiteral("http://127.0.0.1/wechat-login/callback"));
    edit(dialog, 4)->setText(QStringLiteral("a.example.com, b.example.com:8443"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const AppConfig saved = load();
    QVERIFY(!saved.isSandbox());
    QCOMPARE(saved.url(), QStringLiteral("https://s.baseapi.memfiredb.com"));
    QCOMPARE(saved.anonKey(), Key);
    QCOMPARE(saved.redirectTo(), QStringLiteral("http://127.0.0.1/wechat-login/callback"));
    QCOMPARE(saved.trustHosts(),
             QStringList({QStringLiteral("a.example.com"), QStringLiteral("b.example.com:8443")}));
    // The dialog opens with what was saved.
    SettingsDialog again(saved);
    QCOMPARE(edit(again, 0)->text(), saved.url());
    QCOMPARE(edit(again, 4)->text(), QStringLiteral("a.example.com, b.example.com:8443"));
}

void tst_SettingsDialog::languageAppliesAtOnceAndCancelTakesItBack()
{
    QCOMPARE(settingsText("Settings"), QStringLiteral("Settings"));
    SettingsDialog dialog(load());
    dialog.show();
    auto *combo = dialog.findChild<QComboBox *>();
    combo->setCurrentIndex(combo->findData(QStringLiteral("zh_CN")));
    QCOMPARE(settingsText("Settings"), QStringLiteral("设置")); // installed at once
    QTRY_COMPARE(dialog.windowTitle(), QStringLiteral("设置"));
    QCOMPARE(QLocale().language(), QLocale::Chinese);
    // The buttons too (Qt's own catalogue is not there to translate them).
    auto *buttons = dialog.findChild<QDialogButtonBox *>();
    QStringList texts;
    for (QAbstractButton *button : buttons->buttons())
        texts << button->text();
    QCOMPARE(texts, (QStringList{QStringLiteral("确定"), QStringLiteral("取消")}));
    dialog.reject();
    QCOMPARE(settingsText("Settings"), QStringLiteral("Settings"));
    QCOMPARE(QLocale().language(), QLocale::English);
    QVERIFY(!QFile::exists(AppConfig::filePath())); // nothing saved
}

void tst_SettingsDialog::saysWhatIsOverridden()
{
    SettingsDialog dialog(
        load({QStringLiteral("--url"), QStringLiteral("https://c.baseapi.memfiredb.com"),
              QStringLiteral("--anon-key"), Key}));
    QString notes;
    for (QLabel *label : dialog.findChildren<QLabel *>())
        notes += label->text();
    QVERIFY2(notes.contains(QLatin1String("overrides: --url / WECHAT_LOGIN_URL, --anon-key / "
                                          "WECHAT_LOGIN_ANON_KEY.")),
             qPrintable(notes));
    QVERIFY(notes.contains(AppConfig::filePath()));
}

QTEST_MAIN(tst_SettingsDialog)
#include "tst_settingsdialog.moc"
